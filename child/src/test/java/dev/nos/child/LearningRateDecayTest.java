package dev.nos.child;

import dev.nos.rule.Rule;
import dev.nos.updater.PowerSign;
import dev.nos.updater.RuleUpdater;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LearningRateDecayTest {

    @Test
    void linearFallsFromTheChosenRateToZeroAtTheLastStepForEveryKindOfUpdater() {
        for (IUpdater u : new IUpdater[] {new Adam(0.1), new PowerSign(0.1), new RuleUpdater(Rule.parse("sign(g)"), 0.1)}) {
            IUpdater d = LearningRateDecay.LINEAR.apply(u, 0.1, 10);
            assertEquals(0.1, d.getLearningRate(0, 0), 1e-12, u.toString());
            assertEquals(0.05, d.getLearningRate(5, 0), 1e-12, u.toString());
            assertEquals(0.0, d.getLearningRate(10, 0), 1e-12, u.toString());
        }
    }

    @Test
    void constantLeavesTheUpdaterAsItIs() {
        IUpdater d = LearningRateDecay.CONSTANT.apply(new Adam(0.1), 0.1, 10);
        assertEquals(0.1, d.getLearningRate(9, 0), 0);
        for (Preset p : new Preset[] {Preset.PAPER, Preset.QUICK, Preset.LARGE}) {
            assertEquals(LearningRateDecay.CONSTANT, p.decay(), p.name() + " keeps the paper's constant rate");
        }
    }

    @Test
    void anUnknownDecayIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LearningRateDecay.parse("cos"));
        assertTrue(e.getMessage().contains("'cos'") && e.getMessage().contains("linear"), e.getMessage());
        assertEquals(LearningRateDecay.LINEAR, LearningRateDecay.parse(" Linear "));
    }

    @Test
    void theProxyPresetIsTheQuickProtocolOnMoreData() {
        Preset p = Preset.byName("proxy");
        assertEquals(Preset.QUICK.withSizes(6_000, 5_000).learningRates(), p.learningRates());
        assertEquals(6_000, p.trainExamples());
        assertEquals(5_000, p.validationSize());
        assertEquals(ChildKind.SMALL, p.child());
        assertEquals(LearningRateDecay.LINEAR, p.decay());
        assertEquals(LearningRateDecay.LINEAR, p.withSizes(500, 500).decay(), "a copy keeps the decay");
    }
}
