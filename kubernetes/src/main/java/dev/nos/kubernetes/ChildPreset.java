package dev.nos.kubernetes;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The child protocol, as {@code nos search --preset} (see docs/reward-protocol.md). */
public enum ChildPreset {
    @JsonProperty("proxy") PROXY,
    @JsonProperty("quick") QUICK,
    @JsonProperty("paper") PAPER,
    @JsonProperty("large") LARGE,
    @JsonProperty("residual") RESIDUAL
}
