package dev.nos.engine;

import dev.nos.policy.SampledRule;
import dev.nos.policy.ScoredRule;
import dev.nos.policy.Searcher;
import dev.nos.policy.SearcherState;
import dev.nos.policy.Searchers;
import dev.nos.rule.Rule;
import dev.nos.rule.space.SearchSpace;
import dev.nos.trial.TrialRecord;
import dev.nos.trial.TrialRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 *   appended to the log: the trials that finish together are appended together ({@link SearchStore#appendTrials},
 *   one durable write), always before the engine waits again and before a checkpoint. The searcher's state is
 *   checkpointed after an update at most once every {@link #CHECKPOINT_INTERVAL_SECONDS} seconds, and when a run
 *   ends (our choice, issue 12: the paper-size checkpoint is several megabytes, and writing it after every update
 *   held a synthetic search to a few dozen trials a second; a checkpoint every update bought nothing, since a
 *   resumed search learns again from the trials logged after its checkpoint and reaches the same state).
 *   {@link #resume} rebuilds the cache from the log, restores the checkpoint, learns at once from every full batch
 *   of the trials logged after it, in their order (as the first run did, so the searcher is where the first run's
 *   was), and takes up the pending trials (the executor runs them again, or a Kubernetes executor finds them still
 *   running): nothing finished is lost or run twice, nothing sampled is lost.</li>
 *   <li><b>Memory.</b> The engine keeps no list of the trials: what grows with them is the cache (one entry per
 *   evaluated rule) and two counters; {@link #trials()} reads the log back from the store.</li>
 *   <li><b>Budget.</b> A number of trials (rules trained, or every rule proposed: {@link BudgetCount}) and a time
 *   counted over every run of the search;
 *   {@link #stop()} stops early. When the trials are spent the engine waits for those in flight; when the time is
 *   spent or it is stopped, it returns at once and the trials in flight stay pending for a resume.</li>
 * </ul>
 */
public final class SearchEngine {
    /** How often at most the searcher is checkpointed after an update (and always when a run ends). */
    public static final double CHECKPOINT_INTERVAL_SECONDS = 1.0;

    private final SearchStore store;
    private final SearchSettings settings;
    private final TrialExecutor executor;
    private final Searcher searcher;
    private final List<PendingTrial> resumedPending;
    /** The cap on proposals per trial of a budget that counts rules trained ({@link BudgetCount}). Ours. */
    public static final int PROPOSALS_PER_TRAINED_TRIAL = 20;

    private final RewardCache cache = new RewardCache();
    private final List<ScoredRule> learnBuffer = new ArrayList<>();
    /** Trials recorded but not yet appended to the store's log (see {@link #flushLog}). */
    private final List<TrialEntry> unlogged = new ArrayList<>();
    private final List<SearchListener> listeners = new ArrayList<>();
    private final double elapsedBefore;
    private volatile boolean stopRequested;
    private long nextBatch;
    private long nextId;
    private long cacheHits;
    private long evaluated;
    private long retries;
    private long trialsThisRun;
    /** Trials in the log (and recorded, waiting in {@link #unlogged}). */
    private long trialCount;
    /** Trials the searcher has learned from, and how many of them the last checkpoint holds. */
    private long learnedTrials;
    private long checkpointedTrials;
    private long lastCheckpointNanos;
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
        this.trialCount = previous.size();
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
            if (e.trial() > learned) { // a repeat stays one: the exploring controller's entropy weight counts them
                learnBuffer.add(new ScoredRule(sample, e.reward(), e.cached()));
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
        this.learnedTrials = learned;
        this.checkpointedTrials = learned;
        learnFullBatches(); // the trials logged after the checkpoint, as the first run learned from them
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

    /** The trials so far, in order, read back from the store's log. */
    public List<TrialEntry> trials() {
        try {
            flushLog();
            return store.readTrials();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trial log of " + store.describe(), e);
        }
    }

    /** How many trials the search has (all its runs). */
    public long trialCount() {
        return trialCount;
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
                flushLog(); // everything recorded is in the log before the engine waits
                Done d = done.poll(100, TimeUnit.MILLISECONDS);
                while (d != null) { // the trials that finished together are logged together
                    finished(d);
                    d = done.poll();
                }
            }
            flushLog();
            if (learnedTrials > checkpointedTrials) {
                checkpoint();
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

    /**
     * Trials that may still start. Counting rules trained, a cache hit uses none of the budget, so the proposals are
     * capped too: {@value #PROPOSALS_PER_TRAINED_TRIAL} per trial of the budget, past which the controller is taken to
     * propose only repeats (a small space tried out, or a controller that stopped exploring) and the search ends.
     */
    private long budgetLeft() {
        if (settings.maxTrials() == 0) {
            return Long.MAX_VALUE;
        }
        long proposed = trialCount + inFlight + waiting;
        if (settings.budgetCounts() == BudgetCount.PROPOSED) {
            return settings.maxTrials() - proposed;
        }
        long proposalsLeft = settings.maxTrials() * PROPOSALS_PER_TRAINED_TRIAL - proposed;
        return Math.max(0, Math.min(settings.maxTrials() - evaluated - inFlight, proposalsLeft));
    }

    /** Whether the proposals' cap stopped a budget of rules trained with trials of it left ({@link BudgetCount}). */
    private boolean onlyRepeats() {
        return settings.budgetCounts() == BudgetCount.TRAINED && settings.maxTrials() > 0
                && trialCount + inFlight + waiting >= settings.maxTrials() * PROPOSALS_PER_TRAINED_TRIAL
                && evaluated + inFlight < settings.maxTrials();
    }

    private void sampleBatch() throws IOException {
        int n = (int) Math.min(settings.controller().batchSize(), budgetLeft());
        long batch = nextBatch++;
        List<Pending> sampled = new ArrayList<>(n);
        List<PendingTrial> stored = new ArrayList<>(n);
        for (SampledRule s : searcher.sample(n, this::proposedBefore)) {
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

    /**
     * Whether a rule equal to this one (by either key) was proposed before in this search: it is in the cache or in
     * flight. Every rule admitted is one or the other, so this does not depend on which trials have finished.
     */
    private boolean proposedBefore(Rule rule) {
        RewardCache.Keys keys = RewardCache.Keys.of(rule);
        return cache.find(keys) != null || inFlight(keys) != null;
    }

    /** The job training a rule equal to one with these keys (by either key), or null. */
    private Job inFlight(RewardCache.Keys keys) {
        Job same = inflightByKey.get(keys.canonical());
        return same != null ? same : inflightByFingerprint.get(keys.fingerprint());
    }

    /** A cache hit is recorded now, a rule equal to one in flight waits for it, any other goes to {@code toDispatch}. */
    private void admit(Pending p, List<Job> toDispatch) throws IOException {
        RewardCache.Keys keys = RewardCache.Keys.of(p.sample().rule());
        TrialEntry hit = cache.find(keys);
        if (hit != null) {
            record(p, p.stored().finish(trialCount + 1, p.sample().rule().infix(), hit.record(), hit.trial(), 0));
            return;
        }
        Job same = inFlight(keys);
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
        TrialEntry entry = job.pending.stored().finish(trialCount + 1, job.pending.sample().rule().infix(),
                record.withId(request.id()), null, job.attempts);
        cache.put(job.keys, entry);
        record(job.pending, entry);
        for (Pending w : job.waiters) {
            waiting--;
            record(w, w.stored().finish(trialCount + 1, w.sample().rule().infix(), entry.record(), entry.trial(), 0));
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

    /**
     * Records a finished trial (it is appended to the log with the others that finish with it, by {@link #flushLog}),
     * feeds it back, lets the searcher learn from a full batch, checkpoints when one is due.
     */
    private void record(Pending p, TrialEntry entry) throws IOException {
        unlogged.add(entry);
        trialCount++;
        trialsThisRun++;
        if (entry.cached()) {
            cacheHits++;
        } else {
            evaluated++;
        }
        if (best == null || entry.reward() > best.reward()) {
            best = entry;
        }
        learnBuffer.add(new ScoredRule(p.sample(), entry.reward(), entry.cached()));
        if (learnFullBatches() && System.nanoTime() - lastCheckpointNanos >= CHECKPOINT_INTERVAL_SECONDS * 1e9) {
            checkpoint();
        }
        SearchStats stats = stats();
        for (SearchListener l : listeners) {
            l.trialFinished(entry, stats);
        }
    }

    /** Lets the searcher learn from every full batch waiting, in order; true when it learned. */
    private boolean learnFullBatches() {
        int batch = settings.controller().batchSize();
        boolean learned = false;
        while (learnBuffer.size() >= batch) {
            List<ScoredRule> b = new ArrayList<>(learnBuffer.subList(0, batch));
            learnBuffer.subList(0, batch).clear();
            searcher.learn(b);
            learnedTrials += batch;
            learned = true;
        }
        return learned;
    }

    /** Checkpoints the searcher after its last update (the trials it learned from are logged first). */
    private void checkpoint() throws IOException {
        flushLog();
        store.writeCheckpoint(new EngineCheckpoint(learnedTrials, searcher.state().withSampleCalls(nextBatch)));
        store.writeElapsedSeconds(elapsedSeconds());
        checkpointedTrials = learnedTrials;
        lastCheckpointNanos = System.nanoTime();
    }

    /** Appends the recorded trials to the store's log, in one durable write. */
    private void flushLog() throws IOException {
        if (!unlogged.isEmpty()) {
            store.appendTrials(List.copyOf(unlogged));
            unlogged.clear();
        }
    }

    /** Where the search stands now. */
    public SearchStats stats() {
        double seconds = startNanos == 0 ? 0 : (System.nanoTime() - startNanos) / 1e9;
        return new SearchStats(trialCount, trialsThisRun, evaluated, cacheHits, retries, searcher.updates(), seconds,
                elapsedSeconds(), best, inFlight, onlyRepeats());
    }
}
