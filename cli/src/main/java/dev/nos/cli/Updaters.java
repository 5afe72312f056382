package dev.nos.cli;

import dev.nos.rosenbrock.Optimizer;
import dev.nos.rule.Rule;

import java.util.List;

/** The rule-driven updaters the commands use (from dev.nos.updater). */
final class Updaters {
    private Updaters() {}

    /** A Rosenbrock optimizer running {@code rule} with RuleUpdater, total steps = iterations. */
    static Optimizer ruleOptimizer(String name, Rule rule, List<Double> grid, int iterations, long seed) {
        // INTEGRATION(upd): return Optimizer.of(name, grid,
        //     lr -> new RuleUpdater(rule, lr).totalSteps(iterations).seed(seed));
        throw new InputException("--rule needs dev.nos.updater.RuleUpdater, which is not on this build yet");
    }
}
