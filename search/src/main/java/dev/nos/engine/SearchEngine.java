package dev.nos.engine;

import dev.nos.policy.SampledRule;
import dev.nos.policy.ScoredRule;
import dev.nos.policy.Searcher;
import dev.nos.policy.SearcherState;
import dev.nos.policy.Searchers;
import dev.nos.rule.space.SearchSpace;
import dev.nos.trial.TrialRecord;
import dev.nos.trial.TrialRequest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The search loop: the searcher samples a batch of rules, each becomes a {@link TrialRequest}, the
 * {@link TrialExecutor} runs them wherever it runs trials, every finished trial is logged in the {@link SearchStore}
 * and fed back, and the searcher learns from each full batch. The engine knows nothing of folders or Kubernetes: it
 * reads and writes through those two seams only.
 *
 * <ul>
 *   <li><b>Batches in flight.</b> Whenever fewer trials are in flight than the search has workers, the searcher
 *   samples another batch from its current policy and it is dispatched at once; so with W workers several batches are
 *   in flight, no worker waits for the controller or for a slow trial of an earlier batch, and the controller learns
 *   on this thread while they train. Rules sampled before an update reach the learner after it: the controller learns
 *   from them with the log-probabilities they were sampled with (see {@link dev.nos.policy.PolicySearcher}).</li>
 *   <li><b>Asynchronous.</b> The executor answers with futures; this thread waits on one queue of finished trials, so
 *   any number of trials in flight cost no threads here.</li>
 *   <li><b>Cache.</b> A rule equivalent (canonical key or fingerprint) to one already evaluated takes its record
 *   without training, is logged with {@code cachedFrom} and fed back as usual; one equivalent to a rule in flight
 *   waits for it.</li>
 *   <li><b>Dying workers.</b> A future that fails loses only that attempt; the trial is started again, up to
 *   {@code maxAttempts} times, then logged as FAILED.</li>
 *   <li><b>Store.</b> Each sampled trial is stored as pending before it is dispatched and each finished one is
 *   appended to the log; after each update the searcher's state is checkpointed. {@link #resume} rebuilds the cache
 *   from the log, restores the checkpoint, feeds the trials logged after it again, and takes up the pending trials
 *   (the executor runs them again, or a Kubernetes executor finds them still running): nothing finished is lost or
 *   run twice, nothing sampled is lost.</li>
 *   <li><b>Budget.</b> A number of trials (cached ones count) and a time counted over every run of the search;
 *   {@link #stop()} stops early. When the trials are spent the engine waits for those in flight; when the time is
 *   spent or it is stopped, it returns at once and the trials in flight stay pending for a resume.</li>
 * </ul>
 */
public final class SearchEngine {
    private final SearchStore store;
    private final SearchSettings settings;
    private final TrialExecutor executor;
    private final Searcher searcher;
    private final List<TrialEntry> entries;
    private final List<PendingTrial> resumedPending;
    private final RewardCache cache = new RewardCache();
    private final List<ScoredRule> learnBuffer = new ArrayList<>();
    private final List<SearchListener> listeners = new ArrayList<>();
    private final double elapsedBefore;
    private volatile boolean stopRequested;
    private long nextBatch;
    private long nextId;
    private long cacheHits;
    private long evaluated;
    private long retries;
    private long trialsThisRun;
    private TrialEntry best;
    private int inFlight;
    private int waiting;
    private long startNanos;

    private SearchEngine(SearchStore store, SearchSettings settings, TrialExecutor executor) throws IOException {
        this.store = store;
        this.settings = settings;
        this.executor = Objects.requireNonNull(executor, "executor");
        SearchSpace space = SearchSpace.named(settings.space());
        this.searcher = Searchers.create(settings.searcher(), space, settings.controller(), settings.seed());
        List<TrialEntry> previous = store.readTrials();
        EngineCheckpoint checkpoint = store.readCheckpoint();
        if (checkpoint != null && checkpoint.learnedTrials() > previous.size()) {
            throw new IOException("the controller checkpoint in " + store.describe() + " has learned from "
                    + checkpoint.learnedTrials() + " trials but the log has only " + previous.size());
        }
        this.entries = new ArrayList<>(previous);
        this.resumedPending = store.readPending();
        this.elapsedBefore = store.readElapsedSeconds();
        long learned = checkpoint == null ? 0 : checkpoint.learnedTrials();
        long batch = checkpoint == null ? 0 : checkpoint.state().sampleCalls();
        long id = 0;
        for (TrialEntry e : previous) {
            SampledRule sample = PendingTrial.sampleOf(e);
            if (e.cached()) {
                cacheHits++;
            } else {
                cache.put(RewardCache.Keys.of(sample.rule()), e);
                evaluated++;
            }
            if (best == null || e.reward() > best.reward()) {
                best = e;
            }
            batch = Math.max(batch, e.batch() + 1);
            id = Math.max(id, e.id() + 1);
            if (e.trial() > learned) {
                learnBuffer.add(new ScoredRule(sample, e.reward()));
            }
        }
        for (PendingTrial p : resumedPending) {
            batch = Math.max(batch, p.batch() + 1);
            id = Math.max(id, p.request().id() + 1);
        }
        SearcherState state = checkpoint != null ? checkpoint.state() : searcher.state();
        searcher.restore(state.withSampleCalls(batch));
        this.nextBatch = batch;
        this.nextId = id;
    }

    /** A new search in {@code store}, which must hold none. */
    public static SearchEngine create(SearchStore store, SearchSettings settings, TrialExecutor executor)
            throws IOException {
        if (store.readSettings() != null) {
            throw new IOException(store.describe() + " already holds a search");
        }
        store.writeSettings(settings);
        return new SearchEngine(store, settings, executor);
    }

    /**
     * Continues the search in {@code store}: its settings (changed by {@code override}: the budget, the workers, the
     * data folder), its log, its checkpoint and its pending trials.
     */
    public static SearchEngine resume(SearchStore store, TrialExecutor executor, UnaryOperator<SearchSettings> override)
            throws IOException {
        SearchSettings saved = store.readSettings();
        if (saved == null) {
            throw new IOException(store.describe() + " holds no search");
        }
        SearchSettings settings = override.apply(saved);
        if (!settings.sameSearchAs(saved)) {
            throw new IllegalArgumentException("a resumed search keeps its searcher, space, controller, seeds and reward ("
                    + saved.searcher() + ", " + saved.space() + ", seed " + saved.seed() + ", "
                    + saved.rewardDescription() + "); only the budget, the workers and the data folder may change");
        }
        store.writeSettings(settings);
        return new SearchEngine(store, settings, executor);
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

    public SearchStore store() {
        return store;
    }

    /** The trials so far, in order. */
    public List<TrialEntry> trials() {
        return List.copyOf(entries);
    }

    /** Trials taken up from an earlier run that had not finished. */
    public int resumedPending() {
        return resumedPending.size();
    }

    /** Asks the search to stop soon (from any thread, e.g. a Ctrl-C hook). */
    public void stop() {
        stopRequested = true;
    }

    // ---------------------------------------------------------------- the loop

    /** A sampled trial on its way: what it is and, on this side, the sample it came from (no re-parsing). */
    private record Pending(PendingTrial stored, SampledRule sample) {}

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

    private record Done(Job job, TrialRecord record, Throwable error) {}

    private final Map<String, Job> inflightByKey = new HashMap<>();
    private final Map<String, Job> inflightByFingerprint = new HashMap<>();
    private final BlockingQueue<Done> done = new LinkedBlockingQueue<>();

    /** Runs until the budget is spent or {@link #stop()} is called; returns where the search ended. */
    public SearchStats run() throws IOException, InterruptedException {
        startNanos = System.nanoTime();
        try {
            List<Job> toDispatch = new ArrayList<>();
            for (PendingTrial p : resumedPending) {
                admit(new Pending(p, p.sample()), toDispatch);
            }
            resumedPending.clear();
            dispatch(toDispatch);
            while (!stopRequested && !timeUp()) {
                while (inFlight < settings.workers() && budgetLeft() > 0 && !stopRequested && !timeUp()) {
                    sampleBatch();
                }
                if (inFlight == 0 && waiting == 0) {
                    break; // nothing running and nothing more may start: budget spent
                }
                Done d = done.poll(100, TimeUnit.MILLISECONDS);
                if (d != null) {
                    finished(d);
                }
            }
        } finally {
            store.writeElapsedSeconds(elapsedSeconds());
        }
        SearchStats stats = stats();
        for (SearchListener l : listeners) {
            l.searchStopped(stats);
        }
        return stats;
    }

    private long budgetLeft() {
        if (settings.maxTrials() == 0) {
            return Long.MAX_VALUE;
        }
        return settings.maxTrials() - entries.size() - inFlight - waiting;
    }

    private void sampleBatch() throws IOException {
        int n = (int) Math.min(settings.controller().batchSize(), budgetLeft());
        long batch = nextBatch++;
        List<Pending> sampled = new ArrayList<>(n);
        List<PendingTrial> stored = new ArrayList<>(n);
        for (SampledRule s : searcher.sample(n)) {
            TrialRequest request = settings.request(nextId++, s.rule());
            PendingTrial p = PendingTrial.of(request, searcher.name(), s, batch);
            sampled.add(new Pending(p, s));
            stored.add(p);
        }
        store.addPending(stored);
        List<Job> toDispatch = new ArrayList<>();
        for (Pending p : sampled) {
            admit(p, toDispatch);
        }
        dispatch(toDispatch);
    }

    /** A cache hit is recorded now, a rule equal to one in flight waits for it, any other goes to {@code toDispatch}. */
    private void admit(Pending p, List<Job> toDispatch) throws IOException {
        RewardCache.Keys keys = RewardCache.Keys.of(p.sample().rule());
        TrialEntry hit = cache.find(keys);
        if (hit != null) {
            record(p, p.stored().finish(entries.size() + 1, p.sample().rule().infix(), hit.record(), hit.trial(), 0));
            return;
        }
        Job same = inflightByKey.get(keys.canonical());
        if (same == null) {
            same = inflightByFingerprint.get(keys.fingerprint());
        }
        if (same != null) {
            same.waiters.add(p);
            waiting++;
            return;
        }
        Job job = new Job(p, keys);
        inflightByKey.put(keys.canonical(), job);
        inflightByFingerprint.put(keys.fingerprint(), job);
        toDispatch.add(job);
    }

    private void dispatch(List<Job> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        List<TrialRequest> requests = new ArrayList<>(jobs.size());
        for (Job j : jobs) {
            requests.add(j.pending.stored().request());
            j.attempts++;
        }
        inFlight += jobs.size();
        List<CompletableFuture<TrialRecord>> futures = executor.submit(requests);
        if (futures.size() != jobs.size()) {
            throw new IllegalStateException(executor.describe() + " answered " + requests.size() + " requests with "
                    + futures.size() + " futures");
        }
        for (int i = 0; i < jobs.size(); i++) {
            Job job = jobs.get(i);
            futures.get(i).whenComplete((record, error) -> done.add(new Done(job, record, error)));
        }
    }

    private void finished(Done d) throws IOException {
        inFlight--;
        Job job = d.job();
        TrialRequest request = job.pending.stored().request();
        TrialRecord record = d.record();
        Throwable error = d.error();
        if (error == null && record != null && record.id() != null && record.id() != request.id()) {
            error = new IllegalStateException("the worker answered request " + request.id() + " with the record of "
                    + record.id());
        }
        if (error != null || record == null) {
            retries++;
            if (job.attempts < settings.maxAttempts()) {
                dispatch(List.of(job));
                return;
            }
            record = TrialRecord.failed(request, job.pending.sample().rule().infix(), "the worker died "
                    + job.attempts + " times; last: " + describe(error), 0);
        }
        inflightByKey.remove(job.keys.canonical());
        inflightByFingerprint.remove(job.keys.fingerprint());
        TrialEntry entry = job.pending.stored().finish(entries.size() + 1, job.pending.sample().rule().infix(),
                record.withId(request.id()), null, job.attempts);
        cache.put(job.keys, entry);
        record(job.pending, entry);
        for (Pending w : job.waiters) {
            waiting--;
            record(w, w.stored().finish(entries.size() + 1, w.sample().rule().infix(), entry.record(), entry.trial(), 0));
        }
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "no record";
        }
        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }

    private double elapsedSeconds() {
        return elapsedBefore + (startNanos == 0 ? 0 : (System.nanoTime() - startNanos) / 1e9);
    }

    private boolean timeUp() {
        return settings.maxSeconds() > 0 && elapsedSeconds() >= settings.maxSeconds();
    }

    /** Logs a finished trial, feeds it back, lets the searcher learn from a full batch, checkpoints. */
    private void record(Pending p, TrialEntry entry) throws IOException {
        store.appendTrial(entry);
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
        learnBuffer.add(new ScoredRule(p.sample(), entry.reward()));
        int batch = settings.controller().batchSize();
        if (learnBuffer.size() >= batch) {
            List<ScoredRule> b = new ArrayList<>(learnBuffer.subList(0, batch));
            learnBuffer.subList(0, batch).clear();
            searcher.learn(b);
            store.writeCheckpoint(new EngineCheckpoint(entry.trial() - learnBuffer.size(),
                    searcher.state().withSampleCalls(nextBatch)));
            store.writeElapsedSeconds(elapsedSeconds());
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
                elapsedSeconds(), best, inFlight);
    }
}
