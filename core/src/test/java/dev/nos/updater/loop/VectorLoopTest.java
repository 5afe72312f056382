package dev.nos.updater.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nos.rule.Rule;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The vector loops against the element-wise loops on the values where selects and signs are delicate: NaN, signed
 * zeros, infinities, subnormals and tiny numbers, in every combination of g, m and w, over a length that ends in a
 * partial vector. Selects must pick exactly what the element-wise table lookup picks.
 */
class VectorLoopTest {
    private static final float[] SPECIAL = {Float.NaN, 0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            1e-30f, -1e-30f, Float.MIN_VALUE, -Float.MIN_VALUE, 2.5f, -3f, 0.1f, -7e-3f};
    private static final int N = SPECIAL.length * SPECIAL.length * 3 + 5; // not a multiple of any vector length

    @Test
    void selectsAndSignsMatchTheElementwiseLoopOnSpecialValues() {
        String[] rules = {
            "exp(sign(g) * sign(m))",               // a select on a product of two signs
            "exp(sign(g) * sign(m)) * g",           // PowerSign
            "(1 + sign(g) * sign(m)) * g",          // AddSign
            "exp(sign(g) * sign(m) * sign(1e-3*w))", // three factors
            "exp(sign(g))",                         // one factor
            "exp(sign(g) * sign(g - m))",           // a factor that is computed
            "sign(g) ^ (1 - 1)",                    // a table whose NaN entry is not NaN: pow(NaN, 0) = 1
            "clip(g, 1e-3) * sign(m) + rmsprop",
            "drop(g, 0.3) * exp(sign(g) * sign(m))", // a drop: x, or +0 where the lane's draw says so
        };
        for (String text : rules) {
            UpdateSpec spec = RuleLowering.lower(Rule.parse(text), 100);
            float[] vector = step(spec, true);
            float[] elementwise = step(spec, false);
            for (int i = 0; i < N; i++) {
                float v = vector[i];
                float e = elementwise[i];
                String where = String.format(Locale.ROOT, "%s, element %d (g %s, m %s): vector %s, element-wise %s",
                        text, i, g(i), m(i), v, e);
                if (Float.isNaN(e) || Float.isInfinite(e) || e == 0f) {
                    assertEquals(e, v, 0f, where); // NaN with NaN, the same infinity, a zero of either sign
                } else {
                    assertEquals(e, v, 4 * Math.ulp(e), where); // exp in float instead of double
                }
            }
        }
    }

    @Test
    void describesWhichLoopsRun() {
        assertTrue(VectorLoops.describe().contains("vector loops"), VectorLoops.describe());
    }

    /** One step with the vector loops ({@code vector}) or the element-wise ones; the update. */
    private static float[] step(UpdateSpec spec, boolean vector) {
        String old = System.getProperty("nos.loop.vector");
        System.setProperty("nos.loop.vector", String.valueOf(vector));
        try {
            CompiledUpdate update = new CompiledUpdate(spec, 1);
            assertEquals(vector, update.vectorised());
            INDArray gradient = array(VectorLoopTest::g);
            INDArray[] state = new INDArray[update.averages()];
            for (int k = 0; k < state.length; k++) {
                state[k] = array(VectorLoopTest::m);
            }
            INDArray weights = array(VectorLoopTest::w);
            Pointer w = update.readsWeights() ? NioViews.base(weights) : null;
            update.apply(gradient, state, w, 3, 0.5, 7);
            return gradient.toFloatVector();
        } finally {
            if (old == null) {
                System.clearProperty("nos.loop.vector");
            } else {
                System.setProperty("nos.loop.vector", old);
            }
        }
    }

    private interface Values {
        float at(int i);
    }

    private static INDArray array(Values values) {
        float[] x = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = values.at(i);
        }
        return Nd4j.createFromArray(x).castTo(DataType.FLOAT);
    }

    private static float g(int i) {
        return SPECIAL[i % SPECIAL.length];
    }

    private static float m(int i) {
        return SPECIAL[(i / SPECIAL.length) % SPECIAL.length];
    }

    private static float w(int i) {
        return SPECIAL[(i / (SPECIAL.length * SPECIAL.length) + i) % SPECIAL.length];
    }
}
