package dev.nos.trial;

/** How a trial ended. Each is a finished trial: a worker that dies produces no status at all (its trial is retried). */
public enum TrialStatus {
    /** Trained; the reward is the held-out validation accuracy. */
    OK,
    /** Every learning rate (or the final run) diverged (NaN, Inf, or a loss that exploded); reward 0. */
    DIVERGED,
    /** Training threw, or the trial was given up after its workers died too often; reward 0, the error says why. */
    FAILED
}
