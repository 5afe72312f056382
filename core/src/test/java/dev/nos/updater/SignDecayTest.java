package dev.nos.updater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The sign decays against TensorFlow's {@code sign_decay.py} ({@code tensorflow/contrib/opt/python/training}), which
 * caps the step at {@code decay_steps} in all three: past T, linear and cosine stay at 0 and restart stays at its
 * value at T instead of cycling on.
 */
class SignDecayTest {
    private static final double EPS = 1e-15;

    @Test
    void restartCyclesWithinTheDecaySteps() {
        SignDecay one = SignDecay.restart(8);
        assertEquals(1.0, one.value(0), EPS);
        assertEquals(0.5, one.value(4), EPS);
        assertEquals(0.5 * (1 + Math.cos(Math.PI * 7 / 8)), one.value(7), EPS);
        SignDecay two = SignDecay.restart(8, 2);
        assertEquals(0.5, two.value(2), EPS);
        assertEquals(1.0, two.value(4), EPS, "second period starts at T/2");
        assertEquals(0.5 * (1 + Math.cos(Math.PI * 6 / 8)), two.value(7), EPS, "(2 * 7) mod 8 = 6");
    }

    @Test
    void restartStaysAtItsValueAtTheDecayStepsAfterThem() {
        // uncapped, (t n) mod T would go on cycling: 0.5 at t = 12 for n = 1, 0.5 at t = 10 for n = 2
        assertEquals(1.0, SignDecay.restart(8).value(8), EPS);
        assertEquals(1.0, SignDecay.restart(8).value(12), EPS);
        assertEquals(1.0, SignDecay.restart(8, 2).value(10), EPS);
        assertEquals(1.0, SignDecay.restart(8).value(1_000_000), EPS);
        // a fractional number of periods: at T the phase is (1.5 T) mod T = T/2, so f = 0.5 from then on
        SignDecay half = SignDecay.restart(10, 1.5);
        assertEquals(0.5, half.value(10), EPS);
        assertEquals(0.5, half.value(12), EPS);
        assertEquals(0.5, half.value(10_000), EPS);
    }

    @Test
    void linearAndCosineReachZeroAtTheDecayStepsAndStayThere() {
        assertEquals(0.5, SignDecay.linear(8).value(4), EPS);
        assertEquals(0.0, SignDecay.linear(8).value(8), EPS);
        assertEquals(0.0, SignDecay.linear(8).value(12), EPS);
        assertEquals(0.5, SignDecay.cosine(8).value(4), EPS);
        assertEquals(0.0, SignDecay.cosine(8).value(8), EPS);
        assertEquals(0.0, SignDecay.cosine(8).value(12), EPS);
        assertEquals(1.0, SignDecay.none().value(12), EPS);
    }

    @Test
    void decaysNeedPositiveDecaySteps() {
        assertThrows(IllegalArgumentException.class, () -> SignDecay.restart(0));
        assertThrows(IllegalArgumentException.class, () -> SignDecay.linear(-1));
    }
}
