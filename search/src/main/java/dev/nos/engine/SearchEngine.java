package dev.nos.engine;

import dev.nos.policy.SampledRule;
import dev.nos.policy.ScoredRule;
import dev.nos.policy.Searcher;
import dev.nos.policy.SearcherState;
import dev.nos.policy.Searchers;
import dev.nos.rule.space.SearchSpace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The search loop: the searcher samples a batch of rules into a queue, a pool of workers evaluates them in
 * parallel, every finished trial is logged and fed back, and the searcher learns from each full batch.
 *
 * <ul>
 *   <li><b>Queue.</b> Whenever a worker is free it takes the next queued rule; when the queue is empty the searcher
 *   samples another batch at once, from its current policy. So several batches are in flight (with W workers about
 *   W / batch of them) and no worker waits for the controller, which learns on this thread while they train.
 *   Rules sampled before an update reach the learner after it: the controller learns from them with the
 *   log-probabilities they were sampled with (see {@link dev.nos.policy.PolicySearcher}).</li>
 *   <li><b>Cache.</b> A rule equivalent (canonical key or fingerprint) to one already evaluated takes its reward
 *   without training, is logged with {@code cached: true} and fed back as usual; one equivalent to a rule being
 *   evaluated right now waits for it.</li>
 *   <li><b>Dying workers.</b> An exception or error out of the executor loses only that attempt; the trial is started
 *   again, up to {@code maxAttempts} times, then logged as FAILED.</li>
 *   <li><b>Log and checkpoint.</b> Each finished trial is appended to {@code trials.jsonl} (forced to disk); after each
 *   update the searcher's state goes to {@code controller.ckpt}. {@link #resume} rebuilds the cache from the log,
 *   restores the checkpoint and feeds the trials logged after it again, so nothing finished is lost or rerun.</li>
 *   <li><b>Budget.</b> A number of trials (cached ones count), a wall time for this run, or both; {@link #stop()}
 *   stops early. Trials still running when the search stops are abandoned (not logged); a resumed search samples
 *   afresh.</li>
 * </ul>
 * Every child trains with the search's seed, so rewards differ by rule only.
 */
public final class SearchEngine {
    private final Path dir;
    private final SearchSettings settings;
    private final TrialExecutor executor;
    private final Searcher searcher;
    private final List<TrialEntry> entries;
    private final RewardCache cache = new RewardCache();
    private final List<ScoredRule> learnBuffer = new ArrayList<>();
    private final List<SearchListener> listeners = new ArrayList<>();
    private volatile boolean stopRequested;
    private long nextBatch;
    private long cacheHits;
    private long evaluated;
    private long retries;
    private long trialsThisRun;
    private TrialEntry best;
    private int running;
    private long startNanos;

    private SearchEngine(Path dir, SearchSettings settings, TrialExecutor executor, List<TrialEntry> previous,
                         EngineCheckpoint checkpoint) {
        this.dir = dir;
        this.settings = settings;
        this.executor = Objects.requireNonNull(executor, "executor");
        SearchSpace space = SearchSpace.named(settings.space());
        this.searcher = Searchers.create(settings.searcher(), space, settings.controller(), settings.seed());
        this.entries = new ArrayList<>(previous);
        long learned = 0;
        long batch = 0;
        if (checkpoint != null) {
            learned = checkpoint.learnedTrials();
            batch = checkpoint.state().sampleCalls();
        }
        for (TrialEntry e : previous) {
            if (!e.cached()) {
                cache.put(RewardCache.Keys.of(e.sample().rule()), e);
                evaluated++;
            } else {
                cacheHits++;
            }
            if (best == null || e.reward() > best.reward()) {
                best = e;
            }
            batch = Math.max(batch, e.batch() + 1);
            if (e.trial() > learned) {
                learnBuffer.add(new ScoredRule(e.sample(), e.reward()));
            }
        }
        SearcherState state = checkpoint != null ? checkpoint.state() : searcher.state();
        searcher.restore(state.withSampleCalls(batch));
        this.nextBatch = batch;
    }

    /** A new search in {@code dir} (which must not hold one already). */
    public static SearchEngine create(Path dir, SearchSettings settings, TrialExecutor executor) throws IOException {
        if (Files.exists(dir.resolve(TrialLog.FILE)) || Files.exists(dir.resolve(SearchSettings.FILE))) {
            throw new IOException(dir + " already holds a search; continue it with --resume " + dir
                    + " or choose another --dir");
        }
        SearchSpace.named(settings.space()); // fail early on a bad name
        settings.write(dir);
        return new SearchEngine(dir, settings, executor, List.of(), null);
    }

    /**
     * Continues the search in {@code dir}: its settings (changed by {@code override}, e.g. a larger budget), its log
     * and its controller checkpoint.
     */
    public static SearchEngine resume(Path dir, TrialExecutor executor, UnaryOperator<SearchSettings> override)
            throws IOException {
        SearchSettings saved = SearchSettings.read(dir);
        SearchSettings settings = override.apply(saved);
        if (!settings.searcher().equals(saved.searcher()) || !settings.space().equals(saved.space())
                || !settings.controller().equals(saved.controller()) || settings.seed() != saved.seed()) {
            throw new IllegalArgumentException("a resumed search keeps its searcher, space, controller and seed ("
                    + saved.searcher() + ", " + saved.space() + ", seed " + saved.seed() + "); only the budget and workers may change");
        }
        settings.write(dir);
        List<TrialEntry> previous = TrialLog.read(dir.resolve(TrialLog.FILE));
        for (int i = 0; i < previous.size(); i++) {
            if (previous.get(i).trial() != i + 1) {
                throw new IOException(dir.resolve(TrialLog.FILE) + ": line " + (i + 1) + " is trial "
                        + previous.get(i).trial() + ", expected " + (i + 1));
            }
        }
        EngineCheckpoint checkpoint = EngineCheckpoint.read(dir);
        if (checkpoint != null && checkpoint.learnedTrials() > previous.size()) {
            throw new IOException("the controller checkpoint in " + dir + " has learned from " + checkpoint.learnedTrials()
                    + " trials but the log has only " + previous.size());
        }
        return new SearchEngine(dir, settings, executor, previous, checkpoint);
    }

    public SearchEngine addListener(SearchListener listener) {
        listeners.add(listener);
        return this;
    }

    public Searcher searcher() {
        return searcher;
    }

    public SearchSettings settings() {
        return settings;
    }

    public Path dir() {
        return dir;
    }

    /** The trials so far, in order. */
    public List<TrialEntry> trials() {
        return List.copyOf(entries);
    }

    /** Asks the search to stop soon (from any thread, e.g. a Ctrl-C hook). */
    public void stop() {
        stopRequested = true;
    }

    // ---------------------------------------------------------------- the loop

    private record Pending(SampledRule sample, long batch) {}

    private static final class Job {
        final Pending pending;
        final RewardCache.Keys keys;
        final List<Pending> waiters = new ArrayList<>();
        int attempts;

        Job(Pending pending, RewardCache.Keys keys) {
            this.pending = pending;
            this.keys = keys;
        }
    }

    private record Done(Job job, TrialOutcome outcome, Throwable error) {}

    /** Runs until the budget is spent or {@link #stop()} is called; returns where the search ended. */
    public SearchStats run() throws IOException, InterruptedException {
        startNanos = System.nanoTime();
        Deque<Pending> queue = new ArrayDeque<>();
        Map<String, Job> inflightByKey = new HashMap<>();
        Map<String, Job> inflightByFingerprint = new HashMap<>();
        BlockingQueue<Done> done = new LinkedBlockingQueue<>();
        int waiting = 0;
        ExecutorService pool = Executors.newFixedThreadPool(settings.workers(), workerThreads());
        try (TrialLog log = TrialLog.openForAppend(dir.resolve(TrialLog.FILE))) {
            while (!stopRequested && !timeUp()) {
                while (running < settings.workers() && !stopRequested && !timeUp()
                        && (settings.maxTrials() == 0 || entries.size() + running + waiting < settings.maxTrials())) {
                    if (queue.isEmpty()) {
                        long batch = nextBatch++;
                        for (SampledRule s : searcher.sample(settings.controller().batchSize())) {
                            queue.add(new Pending(s, batch));
                        }
                    }
                    Pending p = queue.poll();
                    RewardCache.Keys keys = RewardCache.Keys.of(p.sample().rule());
                    TrialEntry hit = cache.find(keys);
                    if (hit != null) {
                        record(log, cachedEntry(p, hit));
                        continue;
                    }
                    Job same = inflightByKey.get(keys.canonical());
                    if (same == null) {
                        same = inflightByFingerprint.get(keys.fingerprint());
                    }
                    if (same != null) {
                        same.waiters.add(p);
                        waiting++;
                        continue;
                    }
                    Job job = new Job(p, keys);
                    inflightByKey.put(keys.canonical(), job);
                    inflightByFingerprint.put(keys.fingerprint(), job);
                    submit(pool, job, done);
                }
                if (running == 0) {
                    break; // nothing running and nothing more may start: budget spent
                }
                Done d = done.poll(100, TimeUnit.MILLISECONDS);
                if (d == null) {
                    continue;
                }
                running--;
                Job job = d.job();
                TrialOutcome outcome = d.outcome();
                if (d.error() != null) {
                    retries++;
                    if (job.attempts < settings.maxAttempts()) {
                        submit(pool, job, done);
                        continue;
                    }
                    outcome = TrialOutcome.failed("the worker died " + job.attempts + " times; last: "
                            + describe(d.error()), 0);
                }
                inflightByKey.remove(job.keys.canonical());
                inflightByFingerprint.remove(job.keys.fingerprint());
                TrialEntry entry = evaluatedEntry(job, outcome);
                cache.put(job.keys, entry);
                record(log, entry);
                for (Pending w : job.waiters) {
                    waiting--;
                    record(log, cachedEntry(w, entry));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        SearchStats stats = stats();
        for (SearchListener l : listeners) {
            l.searchStopped(stats);
        }
        return stats;
    }

    private static java.util.concurrent.ThreadFactory workerThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "nos-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private void submit(ExecutorService pool, Job job, BlockingQueue<Done> done) {
        job.attempts++;
        running++;
        SampledRule s = job.pending.sample();
        pool.execute(() -> {
            try {
                done.add(new Done(job, executor.evaluate(s.rule(), settings.seed()), null));
            } catch (Throwable t) {
                done.add(new Done(job, null, t));
            }
        });
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private boolean timeUp() {
        return settings.maxSeconds() > 0 && System.nanoTime() - startNanos >= settings.maxSeconds() * 1_000_000_000L;
    }

    private TrialEntry evaluatedEntry(Job job, TrialOutcome o) {
        SampledRule s = job.pending.sample();
        return new TrialEntry(entries.size() + 1, s.rule().infix(), s.rule().tokens(), o.reward(), o.status(), false, null,
                o.bestLearningRate(), o.error(), o.seconds(), System.currentTimeMillis(), searcher.name(),
                s.policyVersion(), job.pending.batch(), s.choices(), s.logProbs(), job.attempts, settings.seed(),
                o.details().isEmpty() ? null : o.details());
    }

    private TrialEntry cachedEntry(Pending p, TrialEntry from) {
        SampledRule s = p.sample();
        return new TrialEntry(entries.size() + 1, s.rule().infix(), s.rule().tokens(), from.reward(), from.status(), true,
                from.trial(), from.bestLearningRate(), from.error(), 0, System.currentTimeMillis(), searcher.name(),
                s.policyVersion(), p.batch(), s.choices(), s.logProbs(), 0, settings.seed(), null);
    }

    /** Logs a finished trial, feeds it back, lets the searcher learn from a full batch, checkpoints. */
    private void record(TrialLog log, TrialEntry entry) throws IOException {
        log.append(entry);
        entries.add(entry);
        trialsThisRun++;
        if (entry.cached()) {
            cacheHits++;
        } else {
            evaluated++;
        }
        if (best == null || entry.reward() > best.reward()) {
            best = entry;
        }
        learnBuffer.add(new ScoredRule(entry.sample(), entry.reward()));
        int batch = settings.controller().batchSize();
        if (learnBuffer.size() >= batch) {
            List<ScoredRule> b = new ArrayList<>(learnBuffer.subList(0, batch));
            learnBuffer.subList(0, batch).clear();
            searcher.learn(b);
            new EngineCheckpoint(entry.trial() - learnBuffer.size(), searcher.state().withSampleCalls(nextBatch)).write(dir);
        }
        SearchStats stats = stats();
        for (SearchListener l : listeners) {
            l.trialFinished(entry, stats);
        }
    }

    /** Where the search stands now. */
    public SearchStats stats() {
        double seconds = startNanos == 0 ? 0 : (System.nanoTime() - startNanos) / 1e9;
        return new SearchStats(entries.size(), trialsThisRun, evaluated, cacheHits, retries, searcher.updates(), seconds,
                best, running);
    }
}
