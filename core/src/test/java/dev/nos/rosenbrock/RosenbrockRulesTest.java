package dev.nos.rosenbrock;

import dev.nos.rule.Rule;
import dev.nos.updater.PowerSign;
import dev.nos.updater.RuleUpdater;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The engine with the nos updaters: rules that read the weights, and PowerSign as a class and as a rule. */
class RosenbrockRulesTest {

    @Test
    void aWeightRuleGetsTheCurrentPoint() {
        // U = 0.1 w ignores the gradient: each step scales the point by (1 - lr * 0.1)
        RosenbrockEngine engine = new RosenbrockEngine(-1.5, 2, 10);
        Run r = engine.run(new RuleUpdater(Rule.parse("1e-1*w"), 1.0).totalSteps(10), 1.0, Double.NaN);
        assertFalse(r.diverged());
        assertEquals(-1.5 * Math.pow(0.9, 10), r.trajectory().x(10), 1e-12);
        assertEquals(2.0 * Math.pow(0.9, 10), r.trajectory().y(10), 1e-12);
    }

    @Test
    void powerSignClassAndPowerSignRuleTakeTheSamePath() {
        RosenbrockEngine engine = new RosenbrockEngine(-1.5, 2, 300);
        Run cls = engine.run(new PowerSign(3e-4), 3e-4, Double.NaN);
        Run rule = engine.run(new RuleUpdater(Rule.parse("exp(sign(g) * sign(m)) * g"), 3e-4).totalSteps(300), 3e-4, Double.NaN);
        assertEquals(cls.trajectory().size(), rule.trajectory().size());
        for (int i = 0; i < cls.trajectory().size(); i++) {
            assertEquals(cls.trajectory().x(i), rule.trajectory().x(i), 1e-12, "x at " + i);
            assertEquals(cls.trajectory().y(i), rule.trajectory().y(i), 1e-12, "y at " + i);
        }
    }

    @Test
    void figure5HasTheDiscoveredOptimizersAndTheBaselines() {
        List<String> names = Optimizers.figure5().stream().map(Optimizer::name).toList();
        assertEquals(List.of("PowerSign", "AddSign", "SGD", "Momentum", "RMSProp", "Adam"), names);
        Optimizer decayed = Optimizers.rule("ld * g", Rule.parse("ld * g"), List.of(1e-3), 7);
        OptimizerResult r = new RosenbrockEngine(-1.5, 2, 50).tune(decayed);
        assertTrue(r.best().isPresent(), "a decay rule runs with T = the iterations");
    }
}
