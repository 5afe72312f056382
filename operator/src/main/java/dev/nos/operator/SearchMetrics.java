package dev.nos.operator;

import dev.nos.kubernetes.OptimizerSearch;
import dev.nos.kubernetes.OptimizerSearchStatus;
import dev.nos.kubernetes.SearchPhase;
import dev.nos.kubernetes.TrialBatch;
import dev.nos.kubernetes.TrialCounts;
import dev.nos.trial.TrialRecord;
import dev.nos.trial.TrialStatus;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The operator's view of each search, as Prometheus meters tagged {@code namespace} and {@code search} (names as
 * Prometheus renders them; docs/kubernetes.md lists them):
 * <ul>
 *   <li>{@code nos_trials_total{status=ok|diverged|failed}}: trials folded into the status. Read from the status's
 *   counts as the API server holds them ({@link #statusWatcher}), so it carries on across an operator restart and never
 *   counts a fold whose status write failed;</li>
 *   <li>{@code nos_trials_running}: requests published and not yet recorded;</li>
 *   <li>{@code nos_search_best_reward} (NaN before the first OK trial), {@code nos_search_budget_trials},
 *   {@code nos_search_parallelism} (worker pods allowed at once), {@code nos_search_phase{phase}} (1 for the search's
 *   phase, 0 for the others);</li>
 *   <li>{@code nos_trial_reward}: the reward of each OK trial folded by this operator process (a histogram, buckets
 *   every 0.1 of accuracy), each batch once even when its fold is retried;</li>
 *   <li>{@code nos_batch_duration_seconds}: from a batch's creation to its folding, the whole round trip of its
 *   trials through the workers and the controller.</li>
 * </ul>
 * The gauges and counters read the search's status as the API server holds it, not as a reconcile computed it: a
 * reconcile whose status write fails (a conflict, see {@link OptimizerSearchReconciler}) leaves them as they were.
 * A search's meters go when the search is deleted.
 */
public final class SearchMetrics {
    private static final double[] REWARD_BUCKETS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

    private final MeterRegistry registry;
    private final Map<String, SearchMeters> searches = new ConcurrentHashMap<>();

    public SearchMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Meters that go nowhere, for an operator run without {@code /metrics}. */
    static SearchMetrics none() {
        return new SearchMetrics(new SimpleMeterRegistry());
    }

    /**
     * What keeps the meters in step with the searches the API server holds: each version of a search (added or
     * updated) is observed, a deleted search's meters go. Give it to an informer of {@link OptimizerSearch}es.
     */
    ResourceEventHandler<OptimizerSearch> statusWatcher() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(OptimizerSearch s) {
                observe(s);
            }

            @Override
            public void onUpdate(OptimizerSearch old, OptimizerSearch now) {
                observe(now);
            }

            @Override
            public void onDelete(OptimizerSearch s, boolean deletedFinalStateUnknown) {
                forget(s.getMetadata().getNamespace(), s.getMetadata().getName());
            }
        };
    }

    /** Takes the counts, best reward and phase of {@code search}'s stored status, and its budget and parallelism. */
    void observe(OptimizerSearch search) {
        SearchMeters m = meters(search);
        m.status = search.getStatus() == null ? new OptimizerSearchStatus() : search.getStatus();
        var spec = search.getSpec();
        m.budget = spec == null || spec.getTrials() == null ? Double.NaN : spec.getTrials();
        m.parallelism = spec == null || spec.getParallelism() == null ? 1 : spec.getParallelism();
    }

    /**
     * Records the rewards and the round trip of {@code batch}, folded now into {@code search}'s status; a batch
     * already recorded (its fold retried after a failed status write) is not recorded again.
     */
    void folded(OptimizerSearch search, TrialBatch batch, Instant now) {
        SearchMeters m = meters(search);
        if (!m.recordedBatches.add(batch.getMetadata().getName())) {
            return;
        }
        for (TrialRecord r : batch.getStatus().getRecords()) {
            if (r.status() == TrialStatus.OK) {
                m.rewards.record(r.reward());
            }
        }
        String created = batch.getMetadata().getCreationTimestamp();
        if (created != null) {
            m.batchDuration.record(Duration.between(Instant.parse(created), now));
        }
    }

    /**
     * Forgets the recorded batches of {@code search} that are not in {@code present}: a batch is folded again only
     * while it exists, so the names of those gone are not needed.
     */
    void keepBatches(OptimizerSearch search, Set<String> present) {
        meters(search).recordedBatches.retainAll(present);
    }

    /** Removes the meters of a search that is gone. */
    void forget(String namespace, String name) {
        SearchMeters m = searches.remove(namespace + "/" + name);
        if (m != null) {
            m.meters.forEach(registry::remove);
        }
    }

    private SearchMeters meters(OptimizerSearch search) {
        String ns = search.getMetadata().getNamespace();
        String name = search.getMetadata().getName();
        return searches.computeIfAbsent(ns + "/" + name, k -> new SearchMeters(Tags.of("namespace", ns, "search", name)));
    }

    /** One search's meters, reading the status it was last seen with. */
    private final class SearchMeters {
        final List<Meter> meters = new ArrayList<>();
        final DistributionSummary rewards;
        final Timer batchDuration;
        final Set<String> recordedBatches = ConcurrentHashMap.newKeySet();
        volatile OptimizerSearchStatus status = new OptimizerSearchStatus();
        volatile double budget = Double.NaN;
        volatile double parallelism = 1;

        SearchMeters(Tags tags) {
            counter(tags.and("status", "ok"), TrialCounts::getOk);
            counter(tags.and("status", "diverged"), TrialCounts::getDiverged);
            counter(tags.and("status", "failed"), TrialCounts::getFailed);
            gauge("nos.trials.running", "trials published and not yet recorded", tags,
                    m -> counts(m).getRunning());
            gauge("nos.search.best.reward", "the best reward of the search so far", tags,
                    m -> m.status.getBest() == null ? Double.NaN : m.status.getBest().getReward());
            gauge("nos.search.budget.trials", "the search's budget of trials (spec.trials)", tags, m -> m.budget);
            gauge("nos.search.parallelism", "worker pods the search may run at once (spec.parallelism)", tags,
                    m -> m.parallelism);
            for (SearchPhase phase : SearchPhase.values()) {
                gauge("nos.search.phase", "1 for the search's phase, 0 for the others",
                        tags.and("phase", phase.name()), m -> m.status.getPhase() == phase ? 1 : 0);
            }
            rewards = DistributionSummary.builder("nos.trial.reward").description("reward of each OK trial folded")
                    .tags(tags).serviceLevelObjectives(REWARD_BUCKETS).register(registry);
            meters.add(rewards);
            batchDuration = Timer.builder("nos.batch.duration")
                    .description("from a batch's creation to its folding into the search's status")
                    .tags(tags).publishPercentileHistogram().register(registry);
            meters.add(batchDuration);
        }

        private void counter(Tags tags, ToDoubleFunction<TrialCounts> count) {
            meters.add(FunctionCounter.builder("nos.trials", this, m -> count.applyAsDouble(counts(m)))
                    .description("trials folded into the search's status, by how they ended").tags(tags)
                    .register(registry));
        }

        private void gauge(String name, String description, Tags tags, ToDoubleFunction<SearchMeters> value) {
            meters.add(Gauge.builder(name, this, value).description(description).tags(tags).register(registry));
        }

        private static TrialCounts counts(SearchMeters m) {
            return m.status.getTrials() == null ? new TrialCounts() : m.status.getTrials();
        }
    }
}
