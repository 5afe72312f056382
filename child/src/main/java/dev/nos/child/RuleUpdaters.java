package dev.nos.child;

import dev.nos.rule.Rule;
import dev.nos.updater.RuleUpdater;
import dev.nos.updater.UpdaterFactory;

/** Makes updater factories that run rule-language rules with {@link RuleUpdater}. */
public final class RuleUpdaters {
    private RuleUpdaters() {
    }

    /** A factory running {@code rule} with the given learning rate, total steps T and seed (random operands). */
    public static UpdaterFactory factory(Rule rule, long seed) {
        return (lr, totalSteps) -> new RuleUpdater(rule, lr).totalSteps(totalSteps).seed(seed);
    }
}
