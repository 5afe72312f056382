package dev.nos.policy;

import java.util.Objects;

/**
 * A sampled rule with its reward, as fed back to a {@link Searcher}; {@code repeat} when the rule was not trained
 * because an equal one had been (a cache hit).
 */
public record ScoredRule(SampledRule sample, double reward, boolean repeat) {
    public ScoredRule {
        Objects.requireNonNull(sample, "sample");
        if (!Double.isFinite(reward)) {
            throw new IllegalArgumentException("the reward of " + sample.rule().infix() + " is not finite: " + reward);
        }
    }

    /** A rule that was trained for this reward (not a repeat). */
    public ScoredRule(SampledRule sample, double reward) {
        this(sample, reward, false);
    }
}
