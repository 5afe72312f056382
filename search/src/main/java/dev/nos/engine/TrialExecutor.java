package dev.nos.engine;

import dev.nos.rule.Rule;

/**
 * Evaluates one rule: trains a child with it (or computes a synthetic reward) and says how it went. The local
 * worker pool calls it on its threads; a Kubernetes executor would run the same call in a Job. Must be safe to call
 * from several threads at once.
 *
 * <p>An exception (or an error) thrown out of {@link #evaluate} means the worker died: the engine retries the trial.
 * A rule that trains badly is not an exception: it returns a {@link TrialOutcome} with status DIVERGED or FAILED.
 */
@FunctionalInterface
public interface TrialExecutor {
    TrialOutcome evaluate(Rule rule, long seed) throws Exception;

    /** One line for logs and the search's settings file. */
    default String describe() {
        return getClass().getSimpleName();
    }
}
