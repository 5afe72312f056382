package dev.nos.controller;

import dev.nos.engine.FolderStore;
import dev.nos.engine.SearchEngine;
import dev.nos.engine.SearchSettings;
import dev.nos.engine.SearchStats;
import dev.nos.engine.SyntheticExecutor;
import dev.nos.engine.TrialEntry;
import dev.nos.trial.TrialStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The controller's meters agree with its trial log after a real search (the engine, PPO, the synthetic reward): trials
 * by status and by cached, cache hits, updates, rewards (and the last one), one timed round trip per batch, and an
 * entropy estimate that is the mean surprisal of the last sampled rules.
 */
class ControllerMetricsTest {

    @Test
    void theMetersAgreeWithTheLog(@TempDir Path dir) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicReference<SearchEngine> running = new AtomicReference<>();
        ControllerMetrics metrics = new ControllerMetrics(registry, "ns", "s", () -> running.get().searcher().lastLoss());
        SearchSettings settings = SearchSettings.builder().reward("synthetic").space("small:2").trials(60L)
                .budgetCounts("proposed").workers(2).build(); // 60 proposals, cache hits among them
        SearchStats stats;
        List<TrialEntry> log;
        try (SyntheticExecutor synthetic = new SyntheticExecutor();
             FolderStore store = FolderStore.create(dir)) {
            SearchEngine engine = SearchEngine.create(store, settings, metrics.timed(synthetic));
            running.set(engine);
            engine.addListener(metrics);
            stats = engine.run();
            log = store.readTrials();
        }
        assertEquals(60, log.size());
        long cached = log.stream().filter(TrialEntry::cached).count();
        assertTrue(cached > 0, "a small space repeats rules: the cache-hit count is exercised");
        long okTrained = log.stream().filter(e -> !e.cached() && e.status() == TrialStatus.OK).count();
        long okCached = log.stream().filter(e -> e.cached() && e.status() == TrialStatus.OK).count();
        assertEquals(okTrained, count(registry, "ok", false));
        assertEquals(okCached, count(registry, "ok", true));
        assertEquals(cached, registry.get("nos.controller.cache.hits").functionCounter().count());
        assertEquals(stats.updates(), registry.get("nos.controller.updates").functionCounter().count());
        assertEquals(okTrained + okCached, registry.get("nos.controller.trial.reward").summary().count());
        assertEquals(log.stream().filter(e -> e.status() == TrialStatus.OK).mapToDouble(TrialEntry::reward).sum(),
                registry.get("nos.controller.trial.reward").summary().totalAmount(), 1e-9);
        double lastOk = log.stream().filter(e -> e.status() == TrialStatus.OK).reduce((a, b) -> b).orElseThrow()
                .reward();
        assertEquals(lastOk, registry.get("nos.controller.last.trial.reward").gauge().value(), "the last OK reward");
        // cached trials are not submitted: each batch the executor saw is timed once
        long batches = log.stream().filter(e -> !e.cached()).mapToLong(TrialEntry::batch).distinct().count();
        assertEquals(batches, registry.get("nos.controller.batch.duration").timer().count());

        double expected = log.subList(log.size() - ControllerMetrics.ENTROPY_WINDOW, log.size()).stream()
                .mapToDouble(e -> -java.util.Arrays.stream(e.logProbs()).sum()).average().orElseThrow();
        Gauge entropy = registry.get("nos.controller.policy.entropy.nats").gauge();
        assertEquals(expected, entropy.value(), 1e-9);
        assertTrue(entropy.value() > 0);
        assertEquals(0, registry.get("nos.controller.trials.in.flight").gauge().value(), "nothing in flight at the end");
        double loss = registry.get("nos.controller.policy.loss").gauge().value();
        assertTrue(Double.isFinite(loss) && loss == running.get().searcher().lastLoss(), "loss " + loss);
    }

    private static double count(SimpleMeterRegistry registry, String status, boolean cached) {
        var found = registry.find("nos.controller.trials").tag("status", status).tag("cached", Boolean.toString(cached))
                .counter();
        return found == null ? 0 : found.count();
    }
}
