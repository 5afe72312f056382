package dev.nos.engine;

import dev.nos.rule.Rule;
import dev.nos.rule.equiv.CanonicalKey;
import dev.nos.rule.equiv.Fingerprint;
import dev.nos.trial.TrialRecord;
import dev.nos.trial.TrialRequest;
import dev.nos.trial.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchEngineTest {

    static void assertNumberedOnce(List<TrialEntry> log, int n) {
        assertEquals(n, log.size(), "trials in the log");
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < log.size(); i++) {
            assertEquals(i + 1, log.get(i).trial(), "trial numbers are 1..n in order");
            assertTrue(ids.add(log.get(i).id()), "request " + log.get(i).id() + " is logged once");
        }
    }

    private static SearchEngine create(Path dir, SearchSettings s, TrialExecutor exec) throws IOException {
        return SearchEngine.create(FolderStore.create(dir), s, exec);
    }

    @Test
    void equivalentRulesAreNotTrainedAgainAndCountAsCacheHits(@TempDir Path dir) throws Exception {
        // 1 group of a tiny space: few distinct rules, so a 300-sample budget repeats many of them
        SearchSettings s = EngineTestSupport.small(300).withSearcher("random").withSpace("small:1").withWorkers(2);
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        AtomicInteger total = new AtomicInteger();
        SearchStats stats;
        try (LocalWorkerPool pool = EngineTestSupport.pool(2, r -> {
            calls.computeIfAbsent(CanonicalKey.of(Rule.parseTokens(r.rule())), k -> new AtomicInteger()).incrementAndGet();
            total.incrementAndGet();
            return EngineTestSupport.synthetic(r);
        })) {
            stats = create(dir, s, pool).run();
        }
        List<TrialEntry> log = EngineTestSupport.log(dir);
        assertNumberedOnce(log, 300);
        for (Map.Entry<String, AtomicInteger> e : calls.entrySet()) {
            assertEquals(1, e.getValue().get(), "rule " + e.getKey() + " was trained once");
        }
        long cached = log.stream().filter(TrialEntry::cached).count();
        assertTrue(cached > 0, "some samples repeat an earlier rule");
        assertEquals(cached, stats.cacheHits());
        assertEquals(300 - cached, total.get(), "every trial that is not cached was evaluated");
        Map<Long, TrialEntry> byTrial = new HashMap<>();
        for (TrialEntry e : log) {
            byTrial.put(e.trial(), e);
        }
        for (TrialEntry e : log) {
            if (e.cached()) {
                TrialEntry from = byTrial.get(e.cachedFrom());
                assertNotNull(from, "cached trial " + e.trial() + " names the trial it took its reward from");
                assertFalse(from.cached());
                assertTrue(from.trial() < e.trial());
                assertEquals(from.reward(), e.reward());
                assertEquals(from.record(), e.record(), "a cached trial carries the record it took");
                Rule mine = Rule.parseTokens(e.request().rule());
                Rule theirs = Rule.parseTokens(from.request().rule());
                assertTrue(CanonicalKey.of(mine).equals(CanonicalKey.of(theirs))
                        || Fingerprint.of(mine).equals(Fingerprint.of(theirs)),
                        e.rule() + " took the reward of " + from.rule() + ", which is not equivalent");
            }
        }
        assertEquals(300, stats.trials());
    }

    @Test
    void aCommutedRuleTakesTheStoredReward() {
        RewardCache cache = new RewardCache();
        Rule a = Rule.parseInfix("exp(sign(g) * sign(m)) * g");
        Rule b = Rule.parseInfix("g * exp(sign(m) * sign(g))");
        TrialRequest request = TrialRequest.synthetic(0, a, 1);
        TrialEntry entry = new TrialEntry(1, a.infix(), request, EngineTestSupport.synthetic(request), null, 1, 0,
                "ppo", 0, 0, new int[0], new double[0]);
        cache.put(RewardCache.Keys.of(a), entry);
        assertEquals(entry, cache.find(RewardCache.Keys.of(b)));
        assertNull(cache.find(RewardCache.Keys.of(Rule.parseInfix("g"))));
    }

    @Test
    void everyLineCarriesItsRequestAndTheWorkerGivesTheSameRecordForIt(@TempDir Path dir) throws Exception {
        try (SyntheticExecutor exec = new SyntheticExecutor()) {
            create(dir, EngineTestSupport.small(20).withWorkers(3), exec).run();
        }
        List<TrialEntry> log = EngineTestSupport.log(dir);
        assertNumberedOnce(log, 20);
        for (TrialEntry e : log) {
            assertEquals(Rule.parseTokens(e.request().rule()).infix(), e.rule());
            if (!e.cached()) {
                TrialRecord again = EngineTestSupport.synthetic(e.request());
                assertEquals(e.record().copyWithoutTime(), again.copyWithoutTime(), "trial " + e.trial() + " rerun");
                assertEquals(e.id(), e.record().id(), "the record answers its request");
            }
        }
    }

    @Test
    void aDyingWorkerLosesOnlyItsAttemptWhichIsRetried(@TempDir Path dir) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Set<String> diedOnce = ConcurrentHashMap.newKeySet();
        SearchStats stats;
        try (LocalWorkerPool pool = EngineTestSupport.pool(3, r -> {
            int n = calls.incrementAndGet();
            if (n % 4 == 0 && diedOnce.add(r.rule())) {
                throw new Error("worker killed (simulated) on call " + n);
            }
            return EngineTestSupport.synthetic(r);
        })) {
            stats = create(dir, EngineTestSupport.small(40).withWorkers(3), pool).run();
        }
        List<TrialEntry> log = EngineTestSupport.log(dir);
        assertNumberedOnce(log, 40);
        assertFalse(diedOnce.isEmpty());
        assertEquals(diedOnce.size(), stats.retries());
        for (TrialEntry e : log) {
            assertEquals(TrialStatus.OK, e.status(), "trial " + e.trial() + " succeeded after its worker died");
            if (!e.cached()) {
                assertEquals(diedOnce.contains(e.request().rule()) ? 2 : 1, e.attempts(), "attempts of trial " + e.trial());
            }
        }
    }

    @Test
    void aTrialWhoseWorkerAlwaysDiesIsLoggedFailedAndTheSearchGoesOn(@TempDir Path dir) throws Exception {
        try (LocalWorkerPool pool = EngineTestSupport.pool(1, r -> {
            if (r.rule().contains("exp")) {
                throw new IllegalStateException("native crash (simulated)");
            }
            return EngineTestSupport.synthetic(r);
        })) {
            create(dir, EngineTestSupport.small(30).withMaxAttempts(2), pool).run();
        }
        List<TrialEntry> log = EngineTestSupport.log(dir);
        assertNumberedOnce(log, 30);
        List<TrialEntry> failed = log.stream().filter(e -> !e.cached() && e.request().rule().contains("exp")).toList();
        assertFalse(failed.isEmpty());
        for (TrialEntry e : failed) {
            assertEquals(TrialStatus.FAILED, e.status());
            assertEquals(2, e.attempts());
            assertEquals(0.0, e.reward());
            assertTrue(e.record().error().contains("native crash (simulated)"), e.record().error());
        }
    }

    @Test
    void theControllerLearnsFromEveryFullBatchAndCheckpoints(@TempDir Path dir) throws Exception {
        SearchEngine engine;
        SearchStats stats;
        try (SyntheticExecutor exec = new SyntheticExecutor()) {
            engine = create(dir, EngineTestSupport.small(23).withWorkers(2), exec);
            stats = engine.run();
        }
        assertEquals(23, stats.trials());
        assertEquals(4, engine.searcher().updates(), "23 trials = 4 full batches of 5");
        EngineCheckpoint cp = EngineCheckpoint.read(dir.resolve(FolderStore.CHECKPOINT));
        assertEquals(20, cp.learnedTrials());
        assertEquals(4, cp.state().updates());
    }

    @Test
    void aSecondSearchInTheSameDirectoryIsRefused(@TempDir Path dir) throws Exception {
        try (SyntheticExecutor exec = new SyntheticExecutor()) {
            create(dir, EngineTestSupport.small(5), exec).run();
        }
        IOException e = assertThrows(IOException.class, () -> FolderStore.create(dir));
        assertTrue(e.getMessage().contains("--resume"), e.getMessage());
    }

    @Test
    void aPartialLastLineIsDroppedAndCutOff(@TempDir Path dir) throws Exception {
        try (SyntheticExecutor exec = new SyntheticExecutor()) {
            create(dir, EngineTestSupport.small(7), exec).run();
            Path file = dir.resolve(FolderStore.TRIALS);
            Files.writeString(file, "{\"trial\":8,\"rule\":\"g", java.nio.file.StandardOpenOption.APPEND);
            assertEquals(7, EngineTestSupport.log(dir).size());
            SearchEngine.resume(FolderStore.open(dir), exec, x -> x.withBudget(10, 0)).run();
            assertNumberedOnce(EngineTestSupport.log(dir), 10);
            assertEquals(10, new HashSet<>(Files.readAllLines(file)).size());
        }
    }

    /** Trials whose future never completes (a worker that hangs) stay pending; a resumed search runs them, once. */
    @Test
    void trialsInFlightWhenTheSearchStopsAreTakenUpOnResume(@TempDir Path dir) throws Exception {
        Set<Long> hung = ConcurrentHashMap.newKeySet();
        TrialExecutor hanging = batch -> {
            List<CompletableFuture<TrialRecord>> out = new ArrayList<>();
            for (TrialRequest r : batch) {
                if (r.id() % 4 == 1) {
                    hung.add(r.id());
                    out.add(new CompletableFuture<>());
                } else {
                    out.add(CompletableFuture.completedFuture(EngineTestSupport.synthetic(r)));
                }
            }
            return out;
        };
        SearchEngine first = create(dir, EngineTestSupport.small(1000).withWorkers(20), hanging);
        first.addListener((entry, stats) -> {
            if (stats.trials() >= 30) {
                first.stop();
            }
        });
        first.run();
        List<TrialEntry> before = EngineTestSupport.log(dir);
        Set<Long> loggedBefore = new HashSet<>();
        before.forEach(e -> loggedBefore.add(e.id()));
        Set<Long> stillPending = new HashSet<>(hung);
        stillPending.removeAll(loggedBefore); // a hung trial may have been logged as a cache hit of an equal rule
        assertFalse(stillPending.isEmpty(), "some trials were in flight when the search stopped");
        try (FolderStore store = FolderStore.open(dir)) {
            Set<Long> pending = new HashSet<>();
            store.readPending().forEach(p -> pending.add(p.request().id()));
            assertTrue(pending.containsAll(stillPending), "the store holds the trials in flight: " + pending);
        }

        AtomicInteger reran = new AtomicInteger();
        try (LocalWorkerPool pool = EngineTestSupport.pool(2, r -> {
            if (stillPending.contains(r.id())) {
                reran.incrementAndGet();
            }
            return EngineTestSupport.synthetic(r);
        })) {
            SearchEngine resumed = SearchEngine.resume(FolderStore.open(dir), pool, s -> s.withBudget(before.size() + 40, 0));
            assertTrue(resumed.resumedPending() >= stillPending.size());
            resumed.run();
        }
        List<TrialEntry> after = EngineTestSupport.log(dir);
        assertNumberedOnce(after, before.size() + 40);
        Set<Long> loggedAfter = new HashSet<>();
        after.forEach(e -> loggedAfter.add(e.id()));
        assertTrue(loggedAfter.containsAll(stillPending), "every trial in flight at the stop is in the log");
        assertTrue(reran.get() > 0, "the resumed search ran the trials left in flight");
        try (FolderStore store = FolderStore.open(dir)) {
            assertEquals(List.of(), store.readPending(), "nothing pending once the budget is spent");
        }
    }

    @Test
    void theTimeBudgetCountsTheTimeOfEarlierRuns(@TempDir Path dir) throws Exception {
        try (SyntheticExecutor exec = new SyntheticExecutor()) {
            create(dir, EngineTestSupport.small(10), exec).run();
            try (FolderStore store = FolderStore.open(dir)) {
                assertTrue(store.readElapsedSeconds() > 0, "the run's time is kept");
                store.writeElapsedSeconds(3600); // as if the earlier runs had taken an hour
            }
            SearchStats stats = SearchEngine.resume(FolderStore.open(dir), exec, s -> s.withBudget(1000, 1800)).run();
            assertEquals(0, stats.trialsThisRun(), "a 30-minute budget is spent by an hour of earlier runs");
            assertEquals(10, EngineTestSupport.log(dir).size());
        }
    }

    /** 200 trials in flight at once on the asynchronous executor cost no thread each. */
    @Test
    void twoHundredTrialsInFlightCostNoThreadEach(@TempDir Path dir) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int[] peakRunning = {0};
        int[] peakThreads = {0};
        SearchStats stats;
        try (SyntheticExecutor exec = new SyntheticExecutor(50)) {
            // random search: the controller's updates (PPO's are tested elsewhere) would only make the test slow
            SearchEngine engine = create(dir, EngineTestSupport.small(1000).withSearcher("random").withWorkers(200), exec);
            int before = threads.getThreadCount();
            engine.addListener((entry, s) -> {
                peakRunning[0] = Math.max(peakRunning[0], s.running());
                peakThreads[0] = Math.max(peakThreads[0], threads.getThreadCount() - before);
            });
            stats = engine.run();
        }
        assertEquals(1000, stats.trials());
        assertNumberedOnce(EngineTestSupport.log(dir), 1000);
        assertTrue(peakRunning[0] >= 199, "up to 200 trials were in flight at once: " + peakRunning[0]);
        assertTrue(peakThreads[0] < 10, "threads added while 200 trials ran: " + peakThreads[0]);
    }
}
