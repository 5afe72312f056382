package dev.nos.rosenbrock;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What docs/results.md reports about the paper's ordering (Section 6.1: PowerSign ahead of Adam, RMSProp and SGD),
 * with the default grids and 4000 iterations: from the classic start PowerSign beats AddSign, RMSProp and SGD; from
 * (-1.5, 2) two of its four learning rates diverge.
 */
class RosenbrockOrderingTest {

    @Test
    void fromTheClassicStartPowerSignBeatsAddSignRmsPropAndSgd() {
        List<OptimizerResult> ranked = RosenbrockEngine.classic().compare(
                List.of(Optimizers.sgd(), Optimizers.rmsProp(), Optimizers.addSign(), Optimizers.powerSign()));
        assertEquals("PowerSign", ranked.get(0).name(), names(ranked));
        assertEquals(1, ranked.get(0).divergedRuns(), "PowerSign from (-1.2, 1): only 3e-3 diverges");
        assertEquals(1e-3, ranked.get(0).best().orElseThrow().learningRate());
    }

    @Test
    void fromMinusOneAndAHalfTwoHalfOfPowerSignsRatesDiverge() {
        OptimizerResult powerSign = new RosenbrockEngine(-1.5, 2, RosenbrockEngine.DEFAULT_ITERATIONS)
                .tune(Optimizers.powerSign());
        assertEquals(2, powerSign.divergedRuns());
        assertTrue(powerSign.runs().get(2).diverged() && powerSign.runs().get(3).diverged(), "1e-3 and 3e-3");
        assertEquals(3e-4, powerSign.best().orElseThrow().learningRate());
    }

    private static String names(List<OptimizerResult> ranked) {
        return ranked.stream().map(r -> r.name() + " " + r.rankingLoss()).toList().toString();
    }
}
