package dev.nos.policy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RepeatShareEntropyTest {

    @Test
    void repeatsAboveTheTargetRaiseTheWeightAndFewerLowerItBackToTheConfiguredOne() {
        RepeatShareEntropy e = new RepeatShareEntropy(0.0015, 0.25);
        assertEquals(0.0015, e.weight(), 0);
        e.observe(5, 5); // every rule a repeat: up by exp(0.75)
        assertEquals(0.0015 * Math.exp(0.75), e.weight(), 1e-15);
        e.observe(0, 5); // none: down by exp(0.25)
        assertEquals(0.0015 * Math.exp(0.5), e.weight(), 1e-15);
        for (int i = 0; i < 10; i++) {
            e.observe(0, 5);
        }
        assertEquals(0.0015, e.weight(), 0, "never below the configured weight");
    }

    @Test
    void theWeightIsBounded() {
        RepeatShareEntropy e = new RepeatShareEntropy(0.001, 0.1);
        for (int i = 0; i < 1000; i++) {
            e.observe(5, 5);
        }
        assertEquals(0.001 * RepeatShareEntropy.MAX_SCALE, e.weight(), 1e-12);
    }

    @Test
    void aTargetOfOneKeepsThePapersFixedWeight() {
        RepeatShareEntropy e = new RepeatShareEntropy(0.0015, 1.0);
        e.observe(5, 5);
        e.observe(5, 5);
        assertEquals(0.0015, e.weight(), 0);
        assertTrue(!ControllerSettings.paper().adaptsEntropy());
    }

    @Test
    void restoreGivesTheSameWeight() {
        RepeatShareEntropy a = new RepeatShareEntropy(0.0015, 0.25);
        a.observe(4, 5);
        a.observe(3, 5);
        RepeatShareEntropy b = new RepeatShareEntropy(0.0015, 0.25);
        b.restore(a.logScale());
        assertEquals(a.weight(), b.weight(), 0);
    }

    @Test
    void aRepeatTargetOutsideItsRangeOrWithoutAnEntropyWeightIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ControllerSettings.paper().exploring(0));
        assertThrows(IllegalArgumentException.class, () -> ControllerSettings.paper().exploring(1.5));
        assertThrows(IllegalArgumentException.class,
                () -> ControllerSettings.paper().withEntropyWeight(0).exploring(0.25));
    }
}
