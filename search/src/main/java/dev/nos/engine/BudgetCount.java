package dev.nos.engine;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Locale;

/**
 * What a budget of trials counts. Ours; the paper does not say how its budget counted repeats.
 * <ul>
 *   <li>{@link #TRAINED} (the default): rules trained, so a budget of 150 means 150 children trained; a proposal
 *   that takes the reward of an equivalent rule already tried (a cache hit) is recorded and learned from but does
 *   not use the budget. A search whose controller proposes only repeats stops after
 *   {@value SearchEngine#PROPOSALS_PER_TRAINED_TRIAL} proposals per trial of its budget, saying so.</li>
 *   <li>{@link #PROPOSED}: every rule the controller proposes, cache hits included (what nos counted before).</li>
 * </ul>
 */
public enum BudgetCount {
    @JsonProperty("trained") TRAINED,
    @JsonProperty("proposed") PROPOSED;

    /** The name a user writes: {@code trained} or {@code proposed}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BudgetCount byName(String name) {
        for (BudgetCount b : values()) {
            if (b.id().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown budget count '" + name + "': expected trained or proposed");
    }
}
