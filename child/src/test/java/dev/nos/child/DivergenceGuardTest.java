package dev.nos.child;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DivergenceGuardTest {
    /** Measured: the paper child, Adam 1e-2, first 30 mini-batches of Fashion-MNIST; it recovers. */
    private static final double[] SPIKE_THEN_RECOVERY = {2.95, 12.37, 16.49, 12.17, 10.87, 9.29, 5.49, 6.71, 7.78,
        5.53, 4.79, 4.21, 4.53, 3.73, 2.93, 3.15, 3.31, 3.25, 2.33, 1.19, 2.48, 2.02, 1.82, 1.48, 1.99, 1.49, 1.88,
        2.88, 1.73, 1.73};

    @Test
    void transientSpikeIsNotDivergence() {
        DivergenceGuard g = new DivergenceGuard();
        for (double loss : SPIKE_THEN_RECOVERY) {
            assertNull(g.check(loss));
        }
        assertNull(g.checkEndOfEpoch());
    }

    @Test
    void sustainedHighLossIsDivergence() {
        DivergenceGuard g = new DivergenceGuard();
        g.check(2.3);
        String why = null;
        for (int i = 0; i < 20 && why == null; i++) {
            why = g.check(20.7);
        }
        assertNotNull(why);
        assertTrue(why.contains("above 5x the initial 2.3"), why);
    }

    @Test
    void nanIsDivergenceAtOnce() {
        DivergenceGuard g = new DivergenceGuard();
        g.check(2.3);
        String why = g.check(Double.NaN);
        assertNotNull(why);
        assertTrue(why.contains("NaN at step 1"), why);
    }

    @Test
    void shortEpochIsCheckedAtItsEnd() {
        DivergenceGuard g = new DivergenceGuard();
        g.check(1.4);
        for (int i = 0; i < 5; i++) {
            assertNull(g.check(18.0));
        }
        assertNotNull(g.checkEndOfEpoch());
    }
}
