package dev.nos.updater.loop;

import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Splits an element range over the common ForkJoinPool when it is large. The number of workers is
 * {@link #threads()}: the system property {@code nos.updater.threads}, else the number of processors.
 * The range is cut into {@link #PIECES_PER_WORKER} pieces per worker, aligned to {@link CompiledUpdate#CHUNK}, which
 * the workers take in turn: on a loaded machine a worker that gets less CPU time takes fewer pieces instead of
 * holding the step up. Each worker has its own worker index, so a worker's scratch memory is never shared; which
 * worker runs a piece does not change any value.
 */
public final class ParallelRange {
    private ParallelRange() {}

    /** Ranges shorter than this run on the calling thread. */
    static final long PARALLEL_THRESHOLD = 1 << 16;

    /** Pieces per worker for the dynamic split. */
    static final int PIECES_PER_WORKER = 8;

    /** The work on one part. */
    interface Part {
        void run(int worker, long from, long to);
    }

    /** Worker threads for large ranges: {@code -Dnos.updater.threads=N}, default the number of processors. */
    public static int threads() {
        String s = System.getProperty("nos.updater.threads");
        if (s == null || s.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(s.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException("system property nos.updater.threads must be a positive integer, got '" + s + "'");
    }

    /** Number of workers {@link #run} uses for {@code n} elements with {@code threads} threads. */
    public static int parts(long n, int threads) {
        if (n < PARALLEL_THRESHOLD || threads <= 1) {
            return 1;
        }
        long chunks = (n + CompiledUpdate.CHUNK - 1) / CompiledUpdate.CHUNK;
        return (int) Math.min(threads, chunks);
    }

    /** Runs {@code part} over [0, n) with {@link #parts} workers (indices 0 to parts - 1) taking pieces in turn. */
    static void run(long n, int threads, Part part) {
        int k = parts(n, threads);
        if (k == 1) {
            part.run(0, 0, n);
            return;
        }
        long chunks = (n + CompiledUpdate.CHUNK - 1) / CompiledUpdate.CHUNK;
        int pieces = (int) Math.min(chunks, (long) k * PIECES_PER_WORKER);
        AtomicInteger next = new AtomicInteger();
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[k];
        for (int i = 0; i < k; i++) {
            int worker = i;
            tasks[i] = ForkJoinTask.adapt(() -> {
                for (int p = next.getAndIncrement(); p < pieces; p = next.getAndIncrement()) {
                    long from = Math.min(n, chunks * p / pieces * CompiledUpdate.CHUNK);
                    long to = p == pieces - 1 ? n : Math.min(n, chunks * (p + 1) / pieces * CompiledUpdate.CHUNK);
                    part.run(worker, from, to);
                }
            });
        }
        ForkJoinTask.invokeAll(tasks); // the others forked (to the common pool from outside it), the first run here
    }
}
