package dev.nos.child;

import dev.nos.rule.Rule;

/** Makes updater factories that run rule-language rules. */
public final class RuleUpdaters {
    private RuleUpdaters() {
    }

    /** A factory running {@code rule} with the given learning rate, total steps and seed. */
    public static UpdaterFactory factory(Rule rule, long seed) {
        return (lr, totalSteps) -> {
            throw new UnsupportedOperationException("rule updaters are not available in this build yet: "
                    + rule.infix());
        };
    }
}
