package dev.nos.controller;

import dev.nos.engine.SearchListener;
import dev.nos.engine.SearchStats;
import dev.nos.engine.TrialEntry;
import dev.nos.engine.TrialExecutor;
import dev.nos.trial.TrialRecord;
import dev.nos.trial.TrialRequest;
import dev.nos.trial.TrialStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.DoubleSupplier;

/**
 * The controller pod's view of its search, as Prometheus meters tagged {@code namespace} and {@code search} (names as
 * Prometheus renders them; docs/kubernetes.md lists them). The operator's meters count what is folded into the
 * search's status; these count what only the engine sees:
 * <ul>
 *   <li>{@code nos_controller_trials_total{status, cached}}: trials logged by this run of the controller, by how they
 *   ended and whether the reward came from an equivalent rule's trial;</li>
 *   <li>{@code nos_controller_cache_hits_total}, {@code nos_controller_updates_total}: from the whole log (so they
 *   carry on across a restart);</li>
 *   <li>{@code nos_controller_trials_in_flight}: dispatched and not finished;</li>
 *   <li>{@code nos_controller_policy_entropy_nats}: the mean of -log p over the last {@value #ENTROPY_WINDOW} sampled
 *   rules, a sample estimate of the controller's entropy (the paper's entropy penalty works against its fall);</li>
 *   <li>{@code nos_controller_policy_loss}: the training loss of the last batch learned from (PPO's clipped
 *   objective, or REINFORCE's, with the entropy bonus), before its update;</li>
 *   <li>{@code nos_controller_trial_reward}: the reward of each trial logged (cached ones included);</li>
 *   <li>{@code nos_controller_last_trial_reward}: the reward of the last OK trial logged (cached ones included), NaN
 *   before the first: scraped often enough, each trial's reward as a point in time (the paper's Figure 4);</li>
 *   <li>{@code nos_controller_batch_duration_seconds}: from a batch's dispatch to the last of its records, through
 *   the executor {@link #timed} wraps.</li>
 * </ul>
 */
public final class ControllerMetrics implements SearchListener {
    static final int ENTROPY_WINDOW = 20;
    private static final double[] REWARD_BUCKETS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

    private final MeterRegistry registry;
    private final Tags tags;
    private final DistributionSummary rewards;
    private final Timer batchDuration;
    private final DoubleSupplier loss;
    private final Deque<Double> surprisals = new ArrayDeque<>();
    private volatile SearchStats stats;
    private volatile double entropy = Double.NaN;
    private volatile double lastReward = Double.NaN;

    /** @param loss the controller's training loss of its last update (NaN: none) */
    public ControllerMetrics(MeterRegistry registry, String namespace, String search, DoubleSupplier loss) {
        this.registry = registry;
        this.loss = loss;
        this.tags = Tags.of("namespace", namespace, "search", search);
        FunctionCounter.builder("nos.controller.cache.hits", this, m -> m.stats == null ? 0 : m.stats.cacheHits())
                .description("trials that took the reward of an equivalent rule, in the whole log").tags(tags)
                .register(registry);
        FunctionCounter.builder("nos.controller.updates", this, m -> m.stats == null ? 0 : m.stats.updates())
                .description("the controller's policy updates").tags(tags).register(registry);
        Gauge.builder("nos.controller.trials.in.flight", this, m -> m.stats == null ? 0 : m.stats.running())
                .description("trials dispatched and not finished").tags(tags).register(registry);
        Gauge.builder("nos.controller.policy.entropy.nats", this, m -> m.entropy)
                .description("mean -log p of the last " + ENTROPY_WINDOW + " sampled rules").tags(tags)
                .register(registry);
        Gauge.builder("nos.controller.policy.loss", this, ControllerMetrics::loss)
                .description("the controller's training loss on its last batch, before the update").tags(tags)
                .register(registry);
        Gauge.builder("nos.controller.last.trial.reward", this, m -> m.lastReward)
                .description("the reward of the last OK trial logged, cached ones included").tags(tags)
                .register(registry);
        rewards = DistributionSummary.builder("nos.controller.trial.reward").description("reward of each trial logged")
                .tags(tags).serviceLevelObjectives(REWARD_BUCKETS).register(registry);
        batchDuration = Timer.builder("nos.controller.batch.duration")
                .description("from a batch's dispatch to the last of its records").tags(tags)
                .publishPercentileHistogram().register(registry);
    }

    @Override
    public void trialFinished(TrialEntry entry, SearchStats stats) {
        this.stats = stats;
        Counter.builder("nos.controller.trials").description("trials logged by this run of the controller")
                .tags(tags.and("status", entry.status().name().toLowerCase(Locale.ROOT),
                        "cached", Boolean.toString(entry.cached())))
                .register(registry).increment();
        if (entry.status() == TrialStatus.OK) {
            rewards.record(entry.reward());
            lastReward = entry.reward();
        }
        if (entry.logProbs() != null) {
            double surprisal = 0;
            for (double lp : entry.logProbs()) {
                surprisal -= lp;
            }
            synchronized (surprisals) {
                surprisals.addLast(surprisal);
                if (surprisals.size() > ENTROPY_WINDOW) {
                    surprisals.removeFirst();
                }
                entropy = surprisals.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            }
        }
    }

    /** The entropy estimate ({@code nos_controller_policy_entropy_nats}), NaN before the first trial. */
    public double entropy() {
        return entropy;
    }

    /** The controller's loss on its last update ({@code nos_controller_policy_loss}), NaN before the first. */
    public double loss() {
        return loss.getAsDouble();
    }

    @Override
    public void searchStopped(SearchStats stats) {
        this.stats = stats;
    }

    /** {@code executor}, with each batch's round trip timed. */
    public TrialExecutor timed(TrialExecutor executor) {
        return new TrialExecutor() {
            @Override
            public List<CompletableFuture<TrialRecord>> submit(List<TrialRequest> batch) {
                Timer.Sample started = Timer.start(registry);
                List<CompletableFuture<TrialRecord>> futures = executor.submit(batch);
                CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                        .whenComplete((ok, failed) -> started.stop(batchDuration));
                return futures;
            }

            @Override
            public String describe() {
                return executor.describe();
            }

            @Override
            public void close() {
                executor.close();
            }
        };
    }
}
