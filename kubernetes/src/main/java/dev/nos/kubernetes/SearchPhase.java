package dev.nos.kubernetes;

/** Where an {@link OptimizerSearch} stands. */
public enum SearchPhase {
    /** Accepted; the controller pod is starting. */
    Pending,
    /** The controller samples rules and workers train them. */
    Running,
    /** {@code spec.suspend} is set: running trials finish, nothing new starts. */
    Suspended,
    /** The budget is spent and every trial is recorded. */
    Succeeded,
    /** More trials FAILED than {@code spec.maxFailedTrials}, or the spec is invalid. */
    Failed
}
