package dev.nos.policy;

/** How the LSTM controller turns rewards into a loss. */
public enum PolicyObjective {
    /**
     * Proximal policy optimisation: maximise mean(min(r A, clip(r, 1-eps, 1+eps) A)) with r = p_new(rule) / p_old(rule),
     * the ratio of the whole rule's probability under the current policy to its probability when sampled.
     */
    PPO,
    /** REINFORCE: maximise mean(A log p(rule)), one step per batch. */
    REINFORCE
}
