package dev.nos.policy;

import dev.nos.rule.space.SearchSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The searchers write nothing to {@code System.out} (the CLI's leaderboard and JSON go there). The controller no
 * longer runs SameDiff (issue 12), which prints while it builds a gradient graph; the test code's SameDiff yardstick
 * ({@link SameDiffController}) still does, through {@link GradientFunction}, whose two tests stay here.
 */
class NothingOnStdoutTest {

    /** What {@code work} writes to System.out. */
    private static String stdoutOf(ThrowingRunnable work) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        try {
            work.run();
            assertSame(capture, System.out, "System.out is put back");
        } finally {
            System.setOut(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ppo", "reinforce", "random"})
    void samplingAndLearningWriteNothingToStdout(String name) throws Exception {
        SearchSpace space = SearchSpace.small(2);
        ControllerSettings settings = ControllerSettings.paper().withHidden(8).withLearningRate(1e-2);
        Searcher[] searcher = new Searcher[1];
        assertEquals("", stdoutOf(() -> searcher[0] = Searchers.create(name, space, settings, 1)), "construction");
        String out = stdoutOf(() -> {
            for (int i = 0; i < 2; i++) {
                List<ScoredRule> scored = new ArrayList<>();
                for (SampledRule r : searcher[0].sample(5)) {
                    scored.add(new ScoredRule(r, r.choices()[0] / 10.0));
                }
                searcher[0].learn(scored);
            }
            searcher[0].restore(searcher[0].state());
        });
        assertEquals("", out, name + ": sample, learn and restore");
    }

    /** Why {@link GradientFunction} exists: without it, building gradients prints. */
    @Test
    void sameDiffPrintsALinePerOpWhenItBuildsItsGradientFunction() throws Exception {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, 2);
        SDVariable w = sd.var("w", Nd4j.rand(DataType.DOUBLE, 2, 3));
        sd.math.tanh(x.mmul(w)).sum().rename("loss");
        sd.setLossVariables("loss");
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> ph = Map.of("x", Nd4j.rand(DataType.DOUBLE, 4, 2));
        String first = stdoutOf(() -> sd.calculateGradients(ph, "w"));
        assertTrue(first.contains("Added differentiated op"), "ND4J 1.0.0-M2.1 prints while building gradients; if a"
                + " newer ND4J does not, GradientFunction's stdout handling can go. Printed: " + first);
        assertEquals("", stdoutOf(() -> sd.calculateGradients(ph, "w")), "only the first call builds (and prints)");
        assertEquals("", stdoutOf(() -> sd.output(ph, "loss")), "inference prints nothing");
    }

    @Test
    void whileTheGradientFunctionIsBuiltOtherThreadsStillPrint() throws Exception {
        String out = stdoutOf(() -> GradientFunction.dropThisThreadsStdout(() -> {
            System.out.println("builder");
            Thread other = new Thread(() -> System.out.println("other"));
            other.start();
            try {
                other.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        assertEquals("other" + System.lineSeparator(), out);
    }
}
