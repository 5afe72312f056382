package dev.nos.engine;

import dev.nos.trial.TrialRecord;
import dev.nos.trial.TrialRequest;
import dev.nos.trial.SyntheticReward;
import dev.nos.trial.TrialRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The {@link TrialExecutor} of one machine: a fixed number of worker threads, each running one request at a time
 * through the worker's own code ({@link TrialRunner}, as {@code nos trial} does); requests beyond the workers wait in
 * the pool's queue. Threads belong to the pool, not to trials: a thousand queued trials cost no more threads.
 */
public final class LocalWorkerPool implements TrialExecutor {
    private final ExecutorService threads;
    private final Function<TrialRequest, TrialRecord> worker;
    private final int workers;
    private final String description;

    /**
     * @param workers     worker threads
     * @param worker      runs one request (an exception: the worker died, the engine retries)
     * @param description one line for logs
     */
    public LocalWorkerPool(int workers, Function<TrialRequest, TrialRecord> worker, String description) {
        if (workers < 1) {
            throw new IllegalArgumentException("a worker pool needs at least 1 worker, got " + workers);
        }
        this.workers = workers;
        this.worker = worker;
        this.description = description;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "nos-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The pool a search's settings ask for: {@code settings.workers()} threads running {@link TrialRunner}. The data of
     * a child reward is loaded here, once, so that a missing dataset is an error before the search starts.
     */
    public static LocalWorkerPool forSearch(SearchSettings settings) {
        TrialRunner runner = new TrialRunner();
        runner.prepare(settings.request(0, SyntheticReward.TARGET));
        return new LocalWorkerPool(settings.workers(), runner::run, settings.workers() + " local worker"
                + (settings.workers() == 1 ? "" : "s") + ", " + settings.rewardDescription());
    }

    @Override
    public List<CompletableFuture<TrialRecord>> submit(List<TrialRequest> batch) {
        List<CompletableFuture<TrialRecord>> out = new ArrayList<>(batch.size());
        for (TrialRequest r : batch) {
            out.add(CompletableFuture.supplyAsync(() -> worker.apply(r), threads));
        }
        return out;
    }

    public int workers() {
        return workers;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
