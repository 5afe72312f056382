package dev.nos.kubernetes;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The searcher of an {@link OptimizerSearch}, as {@code nos search --searcher}. */
public enum Searcher {
    /** The paper's: the LSTM controller trained with PPO. */
    @JsonProperty("ppo") PPO,
    /** The same controller trained with REINFORCE. */
    @JsonProperty("reinforce") REINFORCE,
    /** Random search, to compare. */
    @JsonProperty("random") RANDOM
}
