package dev.nos.child;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nos.trial.TrialRecord;
import dev.nos.trial.TrialStatus;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** The residual child: its blocks are wired as {@link ResidualChild} says, the shortcut carries x, and it learns. */
class ResidualChildTest {

    private static ComputationGraph graph(int channels, int size) {
        ChildNetwork net = ChildNetworks.build(ChildKind.RESIDUAL, channels, size, size, 10, new Adam(1e-3), 1);
        return ((ChildNetwork.Graph) net).network();
    }

    @Test
    void threeBlocksAddTheirBranchToTheShortcut() {
        ComputationGraph g = graph(1, 28);
        Map<String, List<String>> inputs = g.getConfiguration().getVertexInputs();
        assertEquals(List.of("b1-2-bn", "stem-relu"), inputs.get("b1-add"), "the first block keeps its width: x itself");
        assertEquals(List.of("b2-2-bn", "b2-projbn"), inputs.get("b2-add"));
        assertEquals(List.of("pool1"), inputs.get("b2-proj"));
        assertEquals(List.of("b3-2-bn", "b3-projbn"), inputs.get("b3-add"));
        assertEquals(List.of("pool2"), inputs.get("b3-proj"));
        assertEquals(List.of("b3-out"), inputs.get("out"));
        long adds = g.getConfiguration().getVertices().values().stream()
                .filter(v -> v instanceof ElementWiseVertex).count();
        assertEquals(3, adds);
        // 7 3x3 convolutions, 2 projections, 9 batch norms (4 values a channel) and the classifier on 7x7x64
        long convs = (9 * 1 * 16 + 16) + 2 * (9 * 16 * 16 + 16) + (9 * 16 * 32 + 32) + (9 * 32 * 32 + 32)
                + (9 * 32 * 64 + 64) + (9 * 64 * 64 + 64) + (16 * 32 + 32) + (32 * 64 + 64);
        long norms = 4L * (16 + 16 + 16 + 32 + 32 + 32 + 64 + 64 + 64);
        long classifier = 7 * 7 * 64 * 10 + 10;
        assertEquals(convs + norms + classifier, g.numParams());
        long[] shape = g.outputSingle(false, Nd4j.rand(DataType.FLOAT, 3, 1, 28, 28))
                .shape();
        assertArrayEquals(new long[] {3, 10}, shape);
    }

    @Test
    void withTheBranchSilencedABlockPassesItsInputThrough() {
        ComputationGraph g = graph(1, 28);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 1, 28, 28);
        Map<String, INDArray> before = g.feedForward(x, false);
        assertFalse(before.get("b1-out").equalsWithEps(before.get("stem-relu"), 1e-6),
                "an untouched branch changes its input");
        // gamma = beta = 0 in the branch's last batch norm: the branch adds 0, and relu(x) = x for x >= 0
        g.getLayer("b1-2-bn").getParam("gamma").assign(0);
        g.getLayer("b1-2-bn").getParam("beta").assign(0);
        Map<String, INDArray> after = g.feedForward(x, false);
        assertTrue(after.get("b1-out").equalsWithEps(after.get("stem-relu"), 1e-6),
                "the shortcut of the first block is not x");
    }

    @Test
    void learnsAndHandsTheWeightsToRulesThatReadThem() {
        Preset tiny = new Preset("tiny-residual", 400, List.of(1e-3), 1, 2, 200, 50, ChildKind.RESIDUAL);
        RewardEvaluator evaluator = new RewardEvaluator(tiny, Synthetic.split(), null);
        TrialRecord adam = evaluator.evaluate("Adam", null, Baselines.byName("Adam"), 1);
        assertEquals(TrialStatus.OK, adam.status(), adam.error());
        assertTrue(adam.reward() > 0.8, "chance is 0.25: " + adam);
        // a rule that reads the weights fails (FAILED, "reads the weights") unless every layer of the graph,
        // batch norms and projections included, hands them over
        Candidate decay = Candidate.parse("sign(m) + 1e-3*w", 1);
        TrialRecord rule = new RewardEvaluator(tiny, Synthetic.split(), null).evaluate(decay.rule(), decay.factory(), 1);
        assertEquals(TrialStatus.OK, rule.status(), rule.error());
        assertTrue(rule.reward() > 0.8, String.valueOf(rule));
    }
}
