package dev.nos.engine;

import dev.nos.trial.TrialRecord;
import dev.nos.trial.TrialRequest;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs trials somewhere (worker threads of this process, Kubernetes Jobs) and hands back each one's record when it
 * finishes: one of the two seams between the engine and where it runs (the other is {@link SearchStore}).
 *
 * <p>Asynchronous: {@link #submit} returns at once with one future per request, completed from whatever thread sees
 * the result; nothing may hold a thread per running trial, so a thousand trials in flight on a cluster cost no
 * threads here. A future completed normally is a finished trial (OK, DIVERGED, or FAILED: a rule that trains badly is
 * a record). A future completed exceptionally means the worker died without a result: the engine starts the trial
 * again, up to its attempt limit.
 */
public interface TrialExecutor extends AutoCloseable {

    /** Starts a batch of trials; the futures are in the order of {@code batch}. */
    List<CompletableFuture<TrialRecord>> submit(List<TrialRequest> batch);

    /** One line for logs. */
    default String describe() {
        return getClass().getSimpleName();
    }

    /** Stops what it started (trials still running are abandoned) and frees its threads. */
    @Override
    default void close() {
    }
}
