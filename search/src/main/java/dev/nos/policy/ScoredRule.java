package dev.nos.policy;

import java.util.Objects;

/** A sampled rule with its reward, as fed back to a {@link Searcher}. */
public record ScoredRule(SampledRule sample, double reward) {
    public ScoredRule {
        Objects.requireNonNull(sample, "sample");
        if (!Double.isFinite(reward)) {
            throw new IllegalArgumentException("the reward of " + sample.rule().infix() + " is not finite: " + reward);
        }
    }
}
