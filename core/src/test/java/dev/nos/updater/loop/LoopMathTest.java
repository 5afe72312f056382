package dev.nos.updater.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The branch-free sign and select give exactly what Math.signum and the table lookup give. */
class LoopMathTest {

    @Test
    void signIsExactOnEveryKindOfValue() {
        double[] positive = {Double.MIN_VALUE, Float.MIN_VALUE, Double.MIN_NORMAL, 1e-300, 0.5, 1, 3e38, Double.MAX_VALUE,
                Double.POSITIVE_INFINITY};
        for (double x : positive) {
            assertEquals(1.0, LoopMath.sign(x), "sign(" + x + ")");
            assertEquals(-1.0, LoopMath.sign(-x), "sign(" + -x + ")");
        }
        float[] positiveF = {Float.MIN_VALUE, Float.MIN_NORMAL, 1e-30f, 0.5f, 1, 3e38f, Float.MAX_VALUE, Float.POSITIVE_INFINITY};
        for (float x : positiveF) {
            assertEquals(1f, LoopMath.sign(x), "sign(" + x + "f)");
            assertEquals(-1f, LoopMath.sign(-x), "sign(" + -x + "f)");
        }
        assertEquals(0.0, LoopMath.sign(0.0));
        assertEquals(0.0, Math.abs(LoopMath.sign(-0.0)));
        assertEquals(0f, LoopMath.sign(0f));
        assertTrue(Double.isNaN(LoopMath.sign(Double.NaN)));
        assertTrue(Float.isNaN(LoopMath.sign(Float.NaN)));
    }

    @Test
    void selectEqualsLookupForFiniteValues() {
        double pos = Math.E;
        double neg = 1 / Math.E;
        double zero = -2.5;
        for (double s : new double[] {1, -1, 0, -0.0, Double.NaN}) {
            assertEquals(LoopMath.lookup(s, pos, neg, zero, Double.NaN), LoopMath.select(s, pos, neg, zero), "s=" + s);
            float sf = (float) s;
            assertEquals(LoopMath.lookup(sf, (float) pos, (float) neg, (float) zero, Float.NaN),
                    LoopMath.select(sf, (float) pos, (float) neg, (float) zero), "s=" + s + "f");
        }
        assertEquals(Double.MAX_VALUE, LoopMath.select(1.0, Double.MAX_VALUE, -Double.MAX_VALUE, 0));
        assertEquals(-Float.MAX_VALUE, LoopMath.select(-1f, Float.MAX_VALUE, -Float.MAX_VALUE, 0));
    }

    @Test
    void lookupHandlesWhatSelectCannot() {
        double inf = Double.POSITIVE_INFINITY;
        assertEquals(inf, LoopMath.lookup(1.0, inf, 2, 3, 4));
        assertEquals(3.0, LoopMath.lookup(0.0, inf, 2, 3, 4));
        assertEquals(4.0, LoopMath.lookup(Double.NaN, inf, 2, 3, 4));
        assertTrue(Double.isNaN(LoopMath.select(0.0, inf, 2, 3)), "0 * inf: why the loop falls back to lookup");
    }
}
