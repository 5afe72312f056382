package dev.nos.updater;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nos.rule.Expr;
import dev.nos.rule.Rule;
import dev.nos.rule.eval.ElementInputs;
import dev.nos.rule.eval.RandomSource;
import dev.nos.rule.eval.ScalarEvaluator;
import dev.nos.rule.space.SearchSpace;
import java.util.Random;
import dev.nos.updater.loop.CompiledUpdate;
import dev.nos.updater.loop.RuleLowering;
import dev.nos.updater.loop.VectorLoops;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Thousands of seeded random rules of the paper's search space, each compiled to its loop and run for three steps on
 * DOUBLE and FLOAT memory, against the reference {@link ScalarEvaluator}: DOUBLE loops compute what the reference
 * computes, to 1e-12; FLOAT loops compute in float, within 4 times the float error bound of each element
 * ({@link ReferenceRule}). FLOAT runs twice: with the vector loops and with the element-wise ones.
 */
class CompiledRandomRulesTest {
    static final int RULES_PER_GROUP_COUNT = 500;
    static final int N = 53;
    static final long T = 10;
    static final long SEED = 42;
    static final double LR = 0.03;

    @Test
    void vectorLoopsRunInTheTests() {
        // the build starts test JVMs with --add-modules jdk.incubator.vector; without it the test below would check
        // the element-wise loops twice
        assertTrue(VectorLoops.available(), VectorLoops.describe());
        assertTrue(new CompiledUpdate(RuleLowering.lower(Rule.parse("adam"), T)).vectorised(), VectorLoops.describe());
    }

    @ParameterizedTest(name = "vector loops for FLOAT: {0}")
    @ValueSource(booleans = {true, false})
    void randomRulesEqualTheScalarReference(boolean vector) {
        String old = System.getProperty("nos.loop.vector");
        System.setProperty("nos.loop.vector", String.valueOf(vector));
        try {
            randomRulesEqualTheScalarReference();
        } finally {
            if (old == null) {
                System.clearProperty("nos.loop.vector");
            } else {
                System.setProperty("nos.loop.vector", old);
            }
        }
    }

    private static void randomRulesEqualTheScalarReference() {
        long compared = 0;
        long total = 0;
        for (int groups = 1; groups <= 4; groups++) {
            SearchSpace space = SearchSpace.paper(groups);
            Random r = new Random(1000 + groups);
            for (int k = 0; k < RULES_PER_GROUP_COUNT; k++) {
                Rule rule = space.sample(r);
                for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                    long[] counts = check(rule, type, r.nextLong());
                    compared += counts[0];
                    total += counts[1];
                }
            }
        }
        // the float comparison skips only elements whose error bound is unbounded (a sign that may flip)
        assertTrue(compared > 0.95 * total, "compared " + compared + " of " + total + " elements");
    }

    /** Returns {elements compared, elements}. */
    private static long[] check(Rule rule, DataType type, long dataSeed) {
        boolean isFloat = type == DataType.FLOAT;
        String what = rule.tokens() + " (" + rule.infix() + ") " + type;
        RuleUpdater config = new RuleUpdater(rule, LR).totalSteps(T).seed(SEED);
        long stateLen = config.stateSize(N);
        INDArray state = stateLen == 0 ? null : Arrays2.view(type, 7, stateLen);
        RuleGradientUpdater u = (RuleGradientUpdater) config.instantiate(state, true);
        ReferenceRule ref = new ReferenceRule(rule, N, isFloat, T, SEED);
        Random r = new Random(dataSeed);
        double[] w = Arrays2.gradient(r, N, isFloat);
        INDArray params = Arrays2.view(type, 2, N);
        Arrays2.set(params, w);
        long compared = 0;
        for (int t = 0; t < 3; t++) {
            double[] g = Arrays2.gradient(r, N, isFloat);
            INDArray grad = Arrays2.view(type, 3 + t, N);
            Arrays2.set(grad, g);
            ref.step(g, w, t, LR, grad.offset());
            double[] expected = scalarReference(rule, ref, g, w, t, grad.offset());
            u.applyUpdater(grad, rule.usesWeights() ? params : null, t, 0);
            double[] actual = Arrays2.get(grad);
            if (isFloat) {
                compared += Arrays2.assertWithin(expected, actual, ref.bounds, 4, what + " step " + t);
            } else {
                Arrays2.assertClose(expected, actual, 1e-12, what + " step " + t);
                compared += N;
            }
        }
        return new long[] {compared, 3L * N};
    }

    /** lr * U by {@link ScalarEvaluator}, from the reference's state after its update, rounded to the storage type. */
    private static double[] scalarReference(Rule rule, ReferenceRule ref, double[] g, double[] w, long t, long indexBase) {
        double bc1 = 1 - Math.pow(0.9, t + 1);
        double bc2 = 1 - Math.pow(0.999, t + 1);
        double bc3 = 1 - Math.pow(0.999, t + 1);
        double[] out = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            long index = indexBase + i;
            RandomSource rnd = new RandomSource() {
                @Override
                public double uniform(Object node) {
                    return RuleRandom.uniformAt(RuleRandom.key(SEED, t, RuleRandom.stream((Expr) node)), index);
                }

                @Override
                public double gaussian(Object node) {
                    return RuleRandom.gaussianAt(RuleRandom.key(SEED, t, RuleRandom.stream((Expr) node)), index);
                }
            };
            ElementInputs in = new ElementInputs(g[i], ref.m[i] / bc1, ref.v[i] / bc2, ref.gamma[i] / bc3, w[i], t, T);
            out[i] = ref.round(LR * ScalarEvaluator.evaluate(rule, in, rnd));
        }
        return out;
    }
}
