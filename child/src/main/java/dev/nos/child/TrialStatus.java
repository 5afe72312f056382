package dev.nos.child;

/** How a trial ended. */
public enum TrialStatus {
    /** Trained; the reward is the held-out validation accuracy. */
    OK,
    /** Every learning rate (or the final run) diverged; reward 0. */
    DIVERGED,
    /** Training threw; reward 0, the message says why. */
    FAILED
}
