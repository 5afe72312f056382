package dev.nos.engine;

import dev.nos.trial.TrialRecord;
import dev.nos.trial.TrialRequest;
import dev.nos.trial.TrialRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A {@link TrialExecutor} for tests and benchmarks of the engine: the synthetic reward (no training), each trial
 * finishing {@code delayMillis} after it was submitted, all of them timed by one scheduler thread. So any number of
 * trials can be in flight at once on one thread, as on a cluster where the trials run elsewhere.
 */
public final class SyntheticExecutor implements TrialExecutor {
    private final long delayMillis;
    private final TrialRunner runner = new TrialRunner();
    private final ScheduledExecutorService timer;

    /** Trials finish as soon as they are submitted. */
    public SyntheticExecutor() {
        this(0);
    }

    public SyntheticExecutor(long delayMillis) {
        if (delayMillis < 0) {
            throw new IllegalArgumentException("delay must be >= 0 ms, got " + delayMillis);
        }
        this.delayMillis = delayMillis;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nos-synthetic-timer");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public List<CompletableFuture<TrialRecord>> submit(List<TrialRequest> batch) {
        List<CompletableFuture<TrialRecord>> out = new ArrayList<>(batch.size());
        for (TrialRequest r : batch) {
            CompletableFuture<TrialRecord> f = new CompletableFuture<>();
            timer.schedule(() -> {
                try {
                    f.complete(runner.run(r));
                } catch (RuntimeException e) {
                    f.completeExceptionally(e);
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
            out.add(f);
        }
        return out;
    }

    @Override
    public String describe() {
        return "synthetic reward (closeness to PowerSign), " + delayMillis + " ms a trial, one timer thread";
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
