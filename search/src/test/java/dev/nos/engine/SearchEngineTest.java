package dev.nos.engine;

import dev.nos.rule.Rule;
import dev.nos.rule.equiv.CanonicalKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchEngineTest {

    /** Counts evaluations per canonical key. */
    static final class CountingExecutor implements TrialExecutor {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        final AtomicInteger total = new AtomicInteger();

        @Override
        public TrialOutcome evaluate(Rule rule, long seed) {
            calls.computeIfAbsent(CanonicalKey.of(rule), k -> new AtomicInteger()).incrementAndGet();
            total.incrementAndGet();
            return TrialOutcome.ok(SyntheticReward.of(rule), 0.01, 0.0);
        }
    }

    static void assertNumberedOnce(List<TrialEntry> log, int n) {
        assertEquals(n, log.size(), "trials in the log");
        for (int i = 0; i < log.size(); i++) {
            assertEquals(i + 1, log.get(i).trial(), "trial numbers are 1..n in order");
        }
    }

    @Test
    void equivalentRulesAreNotTrainedAgainAndCountAsCacheHits(@TempDir Path dir) throws Exception {
        // 1 group of a tiny space: few distinct rules, so the 1,000-sample budget repeats many of them
        SearchSettings s = EngineTestSupport.small(300).withSearcher("random").withSpace("small:1").withWorkers(2);
        CountingExecutor exec = new CountingExecutor();
        SearchEngine engine = SearchEngine.create(dir, s, exec);
        SearchStats stats = engine.run();
        List<TrialEntry> log = TrialLog.read(dir.resolve(TrialLog.FILE));
        assertNumberedOnce(log, 300);
        for (Map.Entry<String, AtomicInteger> e : exec.calls.entrySet()) {
            assertEquals(1, e.getValue().get(), "rule " + e.getKey() + " was trained once");
        }
        long cached = log.stream().filter(TrialEntry::cached).count();
        assertTrue(cached > 0, "some samples repeat an earlier rule");
        assertEquals(cached, stats.cacheHits());
        assertEquals(300 - cached, exec.total.get(), "every trial that is not cached was evaluated");
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
                assertEquals(CanonicalKey.of(Rule.parseTokens(from.tokens())).length() > 0, true);
            }
        }
        // the searcher was fed every trial, cached ones included (random learns nothing, but PPO would)
        assertEquals(300, stats.trials());
    }

    @Test
    void aCommutedRuleTakesTheStoredReward(@TempDir Path dir) throws Exception {
        RewardCache cache = new RewardCache();
        Rule a = Rule.parseInfix("exp(sign(g) * sign(m)) * g");
        Rule b = Rule.parseInfix("g * exp(sign(m) * sign(g))");
        TrialEntry entry = new TrialEntry(1, a.infix(), a.tokens(), 0.9, "OK", false, null, null, null, 1, 0, "ppo", 0, 0,
                new int[0], new double[0], 1, 1, null);
        cache.put(RewardCache.Keys.of(a), entry);
        assertEquals(entry, cache.find(RewardCache.Keys.of(b)));
        assertEquals(null, cache.find(RewardCache.Keys.of(Rule.parseInfix("g"))));
    }

    @Test
    void aDyingWorkerLosesOnlyItsAttemptWhichIsRetried(@TempDir Path dir) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Set<String> diedOnce = ConcurrentHashMap.newKeySet();
        TrialExecutor exec = (rule, seed) -> {
            int n = calls.incrementAndGet();
            if (n % 4 == 0 && diedOnce.add(rule.tokens())) {
                throw new Error("worker killed (simulated) on call " + n);
            }
            return TrialOutcome.ok(SyntheticReward.of(rule), null, 0.0);
        };
        SearchEngine engine = SearchEngine.create(dir, EngineTestSupport.small(40).withWorkers(3), exec);
        SearchStats stats = engine.run();
        List<TrialEntry> log = TrialLog.read(dir.resolve(TrialLog.FILE));
        assertNumberedOnce(log, 40);
        assertFalse(diedOnce.isEmpty());
        assertEquals(diedOnce.size(), stats.retries());
        for (TrialEntry e : log) {
            assertEquals("OK", e.status(), "trial " + e.trial() + " succeeded after its worker died");
            if (!e.cached()) {
                assertEquals(diedOnce.contains(e.tokens()) ? 2 : 1, e.attempts(), "attempts of trial " + e.trial());
            }
        }
    }

    @Test
    void aTrialWhoseWorkerAlwaysDiesIsLoggedFailedAndTheSearchGoesOn(@TempDir Path dir) throws Exception {
        TrialExecutor exec = (rule, seed) -> {
            if (rule.tokens().contains("exp")) {
                throw new IllegalStateException("native crash (simulated)");
            }
            return TrialOutcome.ok(SyntheticReward.of(rule), null, 0.0);
        };
        SearchEngine engine = SearchEngine.create(dir, EngineTestSupport.small(30).withMaxAttempts(2), exec);
        engine.run();
        List<TrialEntry> log = TrialLog.read(dir.resolve(TrialLog.FILE));
        assertNumberedOnce(log, 30);
        List<TrialEntry> failed = log.stream().filter(e -> !e.cached() && e.tokens().contains("exp")).toList();
        assertFalse(failed.isEmpty());
        for (TrialEntry e : failed) {
            assertEquals("FAILED", e.status());
            assertEquals(2, e.attempts());
            assertEquals(0.0, e.reward());
            assertTrue(e.error().contains("native crash (simulated)"), e.error());
        }
    }

    @Test
    void theControllerLearnsFromEveryFullBatchAndCheckpoints(@TempDir Path dir) throws Exception {
        SearchEngine engine = SearchEngine.create(dir, EngineTestSupport.small(23).withWorkers(2), new SyntheticExecutor());
        SearchStats stats = engine.run();
        assertEquals(23, stats.trials());
        assertEquals(4, engine.searcher().updates(), "23 trials = 4 full batches of 5");
        EngineCheckpoint cp = EngineCheckpoint.read(dir);
        assertEquals(20, cp.learnedTrials());
        assertEquals(4, cp.state().updates());
    }

    @Test
    void aSecondSearchInTheSameDirectoryIsRefused(@TempDir Path dir) throws Exception {
        SearchEngine.create(dir, EngineTestSupport.small(5), new SyntheticExecutor()).run();
        IOException e = assertThrows(IOException.class,
                () -> SearchEngine.create(dir, EngineTestSupport.small(5), new SyntheticExecutor()));
        assertTrue(e.getMessage().contains("--resume"), e.getMessage());
    }

    @Test
    void aPartialLastLineIsDroppedAndCutOff(@TempDir Path dir) throws Exception {
        SearchEngine.create(dir, EngineTestSupport.small(7), new SyntheticExecutor()).run();
        Path file = dir.resolve(TrialLog.FILE);
        Files.writeString(file, "{\"trial\":8,\"rule\":\"g", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(7, TrialLog.read(file).size());
        SearchEngine resumed = SearchEngine.resume(dir, new SyntheticExecutor(), x -> x.withBudget(10, 0));
        resumed.run();
        List<TrialEntry> log = TrialLog.read(file);
        assertNumberedOnce(log, 10);
        Set<String> lines = new HashSet<>(Files.readAllLines(file));
        assertEquals(10, lines.size());
    }
}
