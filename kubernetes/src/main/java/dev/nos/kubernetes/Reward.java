package dev.nos.kubernetes;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What gives a trial its reward, as {@code nos search --reward}. */
public enum Reward {
    /** The paper's: a child network trained with the rule; its held-out validation accuracy. */
    @JsonProperty("child") CHILD,
    /** Ours: closeness to PowerSign, no training (for trying a cluster and for load tests). */
    @JsonProperty("synthetic") SYNTHETIC
}
