package dev.nos.updater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nos.rule.Rule;
import dev.nos.updater.loop.ParallelRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The compiled loops against {@link ReferenceRule}, a plain double-precision loop, on real INDArray views. */
class RuleKernelTest {

    /** Rules covering every operand, unary and binary, scalar-only parts, the sign specials and shared nodes. */
    static final String[] RULES = {
        "g 1 id id keep",                                              // SGD
        "adam 1 id id keep",
        "rmsprop 1 id id keep",
        "sign(g) sign(m) id id mul #0 g exp id mul",                   // PowerSign
        "sign(g) sign(m) id id mul 1 #0 id id add #1 g id id mul",     // AddSign
        "ld sign(g) id id mul #0 sign(m) id id mul #1 g exp id mul",   // PowerSign-ld
        "sign(g) sign(m) id id mul 2 #0 id id pow #1 g id id mul",     // 2^(s) g
        "cd(2) rd(3) id id mul #0 sign(g) id id mul #1 g exp id mul",
        "cd sign(m) id id mul 1 #0 id id add #1 g id id mul",           // AddSign-cd
        "g m sign sign mul #0 g exp id mul",                           // signs of vectors
        "sign(g) sign(m) neg clip(0.5) mul #0 g log id mul",
        "sign(g) sign(g) id id add #0 g id id mul",                     // same sign register
        "sign(g) sign(m) id id div #0 g id id add",                     // two selects, not a product
        "sign(m) 1 id id sub #0 g exp id pow",
        "g sign(g) sign id mul",
        "sign(g) 1 drop(0.1) id add #0 g id id mul",                    // drop of a select
        "g m neg exp add",
        "g^2 g^3 log sqrt div",
        "m gamma clip(1e-3) sign mul",
        "v g neg id pow",
        "g m exp exp add #0 g clip(0.1) id div",
        "g m drop(0.3) id add",
        "g g drop(0.5) drop(0.5) add",                                  // shared drop node
        "g eps id id add",
        "eps_t g id id mul",
        "eps eps id id sub",
        "g m id id add #0 #0 exp log mul",                              // shared subexpression
        "ld cd id id mul",                                              // scalar update
        "1 2 exp neg add #0 g id id mul",
        "1e-4*w g id id add",
        "1e-1*w adam id id sub #0 ld id id mul",
        "rd(10) g id sqrt mul #0 eps_t id id add",
        "2 g id id div #0 sign(g) log id pow",
        "exp(exp(2) * exp(2) * 2 * sign(g)) * g",                      // a table beyond float: selects by comparison
    };

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String rule : RULES) {
            for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                for (int n : new int[] {1, 700, 1027}) {
                    out.add(Arguments.of(rule, type, n));
                }
            }
        }
        // above the parallel threshold, not a multiple of the chunk
        out.add(Arguments.of("sign(g) sign(m) id id mul #0 g exp id mul", DataType.FLOAT, 70_001));
        out.add(Arguments.of("adam 1 id id keep", DataType.DOUBLE, 70_001));
        out.add(Arguments.of("g m drop(0.3) id add #0 eps id id add", DataType.FLOAT, 70_001));
        out.add(Arguments.of("ld sign(g) id id mul #0 sign(m) id id mul #1 g exp id mul", DataType.DOUBLE, 131_111));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} n={2}")
    @MethodSource("cases")
    void kernelEqualsReference(String tokens, DataType type, int n) {
        Rule rule = Rule.parse(tokens);
        boolean isFloat = type == DataType.FLOAT;
        long total = 10;
        RuleUpdater config = new RuleUpdater(rule, 0.03).totalSteps(total).seed(42);
        long stateLen = config.stateSize(n);
        INDArray state = stateLen == 0 ? null : Arrays2.view(type, 13, stateLen);
        RuleGradientUpdater u = (RuleGradientUpdater) config.instantiate(state, true);
        ReferenceRule ref = new ReferenceRule(rule, n, isFloat, total, 42);
        Random r = new Random(n * 31L + tokens.hashCode());
        double[] w = Arrays2.gradient(r, n, isFloat);
        INDArray params = Arrays2.view(type, 5, n);
        Arrays2.set(params, w);
        for (int t = 0; t < 3; t++) {
            double[] g = Arrays2.gradient(r, n, isFloat);
            INDArray grad = Arrays2.view(type, 3 + t, n);
            Arrays2.set(grad, g);
            double[] expected = ref.step(g, rule.usesWeights() ? w : null, t, 0.03, grad.offset());
            u.applyUpdater(grad, rule.usesWeights() ? params : null, t, 0);
            if (isFloat) {
                // the loop computes in float: within a few times the float error bound of each element
                Arrays2.assertWithin(expected, Arrays2.get(grad), ref.bounds, 4, tokens + " step " + t);
            } else {
                Arrays2.assertClose(expected, Arrays2.get(grad), 1e-12, tokens + " step " + t);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nanCases")
    void nanAndInfinityFlowThrough(String tokens) {
        Rule rule = Rule.parse(tokens);
        RuleUpdater config = new RuleUpdater(rule, 0.1).totalSteps(10);
        long n = 6;
        INDArray state = config.stateSize(n) == 0 ? null : Arrays2.view(DataType.DOUBLE, 0, config.stateSize(n));
        RuleGradientUpdater u = (RuleGradientUpdater) config.instantiate(state, true);
        double[] g = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 1.0};
        INDArray grad = Arrays2.view(DataType.DOUBLE, 2, n);
        Arrays2.set(grad, g);
        ReferenceRule ref = new ReferenceRule(rule, (int) n, false, 10, 0);
        INDArray params = Arrays2.view(DataType.DOUBLE, 0, n);
        double[] expected = ref.step(g, new double[(int) n], 0, 0.1, grad.offset());
        u.applyUpdater(grad, params, 0, 0);
        Arrays2.assertClose(expected, Arrays2.get(grad), 1e-12, tokens);
    }

    static Stream<String> nanCases() {
        return Stream.of(RULES);
    }

    @org.junit.jupiter.api.Test
    void stridedViewFallsBackToCopy() {
        RuleUpdater config = new RuleUpdater(Rule.parseTokens("g 2 id id mul"), 0.5);
        RuleGradientUpdater u = (RuleGradientUpdater) config.instantiate((INDArray) null, true);
        INDArray m = org.nd4j.linalg.factory.Nd4j.arange(12).castTo(DataType.DOUBLE).reshape(3, 4);
        INDArray column = m.getColumn(1);
        u.applyUpdater(column, 0, 0);
        assertEquals(1.0, m.getDouble(0, 1));
        assertEquals(5.0, m.getDouble(1, 1));
        assertEquals(9.0, m.getDouble(2, 1));
        assertEquals(2.0, m.getDouble(0, 2));
    }

    @org.junit.jupiter.api.Test
    void resultDoesNotDependOnThreads() {
        Rule rule = Rule.parseTokens("g m drop(0.3) id add #0 eps id id add #1 sign(g) id id mul");
        double[][] results = new double[2][];
        String old = System.getProperty("nos.updater.threads");
        try {
            for (int k = 0; k < 2; k++) {
                System.setProperty("nos.updater.threads", k == 0 ? "1" : "3");
                RuleUpdater config = new RuleUpdater(rule, 0.1).seed(7);
                int n = 100_003;
                INDArray state = Arrays2.view(DataType.FLOAT, 0, config.stateSize(n));
                RuleGradientUpdater u = (RuleGradientUpdater) config.instantiate(state, true);
                INDArray grad = Arrays2.view(DataType.FLOAT, 1, n);
                Random r = new Random(5);
                for (int t = 0; t < 2; t++) {
                    Arrays2.set(grad, Arrays2.gradient(r, n, true));
                    u.applyUpdater(grad, t, 0);
                }
                results[k] = Arrays2.get(grad);
            }
        } finally {
            if (old == null) {
                System.clearProperty("nos.updater.threads");
            } else {
                System.setProperty("nos.updater.threads", old);
            }
        }
        assertTrue(java.util.Arrays.equals(results[0], results[1]), "1 and 3 threads must give identical updates");
        assertEquals(3, ParallelRange.parts(100_003, 3));
    }
}
