package dev.nos.updater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The branch-free sign and select give exactly what the table lookup gives. */
class SignSelectTest {

    @Test
    void signIsExactOnEveryKindOfValue() {
        double[] positive = {Double.MIN_VALUE, Float.MIN_VALUE, Double.MIN_NORMAL, 1e-300, 0.5, 1, 3e38, Double.MAX_VALUE,
                Double.POSITIVE_INFINITY};
        for (double x : positive) {
            assertEquals(1.0, SignSelect.sign(x), "sign(" + x + ")");
            assertEquals(-1.0, SignSelect.sign(-x), "sign(" + -x + ")");
        }
        assertEquals(0.0, SignSelect.sign(0.0));
        assertEquals(0.0, Math.abs(SignSelect.sign(-0.0)));
        assertTrue(Double.isNaN(SignSelect.sign(Double.NaN)));
    }

    @Test
    void selectEqualsLookupForFiniteValues() {
        double pos = Math.E;
        double neg = 1 / Math.E;
        double zero = -2.5;
        assertEquals(pos, SignSelect.select(1.0, pos, neg, zero));
        assertEquals(neg, SignSelect.select(-1.0, pos, neg, zero));
        assertEquals(zero, SignSelect.select(0.0, pos, neg, zero));
        assertEquals(zero, SignSelect.select(-0.0, pos, neg, zero));
        assertTrue(Double.isNaN(SignSelect.select(Double.NaN, pos, neg, zero)));
        assertEquals(Double.MAX_VALUE, SignSelect.select(1.0, Double.MAX_VALUE, -Double.MAX_VALUE, 0));
        assertEquals(-Double.MAX_VALUE, SignSelect.select(-1.0, Double.MAX_VALUE, -Double.MAX_VALUE, 0));
    }

    @Test
    void exactOnlyForFiniteValuesAndNaNAtNaN() {
        assertTrue(SignSelect.exact(1, 2, 3, Double.NaN));
        assertFalse(SignSelect.exact(Double.POSITIVE_INFINITY, 2, 3, Double.NaN));
        assertFalse(SignSelect.exact(1, Double.NEGATIVE_INFINITY, 3, Double.NaN));
        assertFalse(SignSelect.exact(1, 2, Double.NaN, Double.NaN));
        assertFalse(SignSelect.exact(1, 2, 3, 1.0));
    }
}
