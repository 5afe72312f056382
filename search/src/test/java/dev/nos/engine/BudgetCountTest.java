package dev.nos.engine;

import dev.nos.rule.Rule;
import dev.nos.rule.equiv.CanonicalKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * By default a budget of N trials means N rules trained: cache hits are recorded and learned from but do not use it;
 * a controller that proposes only repeats ends the search at the proposals' cap, saying so.
 */
class BudgetCountTest {

    private static SearchStats run(Path dir, SearchSettings s, Map<String, AtomicInteger> trained) throws Exception {
        try (LocalWorkerPool pool = EngineTestSupport.pool(2, r -> {
            trained.computeIfAbsent(CanonicalKey.of(Rule.parseTokens(r.rule())).toString(), k -> new AtomicInteger())
                    .incrementAndGet();
            return EngineTestSupport.synthetic(r);
        })) {
            return SearchEngine.create(FolderStore.create(dir), s, pool).run();
        }
    }

    @Test
    void aBudgetOfTrainedRulesTrainsThatManyAndCacheHitsComeOnTop(@TempDir Path dir) throws Exception {
        // random search over 1 group of the small space repeats rules often within 150 trained
        SearchSettings s = EngineTestSupport.small(150).withBudgetCounts(BudgetCount.TRAINED).withSearcher("random")
                .withSpace("small:1").withWorkers(2);
        Map<String, AtomicInteger> trained = new ConcurrentHashMap<>();
        SearchStats stats = run(dir, s, trained);
        List<TrialEntry> log = EngineTestSupport.log(dir);
        long cached = log.stream().filter(TrialEntry::cached).count();
        assertEquals(150, stats.evaluated(), "150 rules trained");
        assertEquals(150, trained.size(), "150 different rules reached the workers");
        assertTrue(trained.values().stream().allMatch(n -> n.get() == 1), "none trained twice");
        assertTrue(cached > 0, "the cache hits came on top: " + cached);
        assertEquals(150 + cached, log.size());
        assertEquals(150 + cached, stats.trials());
        assertTrue(stats.budgetSpent(s));
        assertFalse(stats.onlyRepeats());
    }

    @Test
    void countingProposalsStopsAtTheBudgetWithCacheHitsIn(@TempDir Path dir) throws Exception {
        SearchSettings s = EngineTestSupport.small(150).withSearcher("random").withSpace("small:1").withWorkers(2);
        assertEquals(BudgetCount.PROPOSED, s.budgetCounts());
        SearchStats stats = run(dir, s, new ConcurrentHashMap<>());
        assertEquals(150, stats.trials());
        assertTrue(stats.evaluated() < 150, "some of the 150 were cache hits: " + stats.cacheHits());
        assertTrue(stats.budgetSpent(s));
    }

    @Test
    void aSpaceTriedOutEndsTheSearchAtTheProposalsCapSayingSo(@TempDir Path dir) throws Exception {
        // 1 group, 2 operands, 1 unary, 1 binary, no constraints: 4 rules, of which some are equivalent
        SearchSettings s = EngineTestSupport.small(10).withBudgetCounts(BudgetCount.TRAINED).withSearcher("random")
                .withSpace("operands=g,m unary=id binary=mul groups=1 constraints=none").withWorkers(1);
        Map<String, AtomicInteger> trained = new ConcurrentHashMap<>();
        SearchStats stats = run(dir, s, trained);
        assertTrue(stats.evaluated() < 10, "fewer than 10 distinct rules exist: " + stats.evaluated());
        assertEquals(10L * SearchEngine.PROPOSALS_PER_TRAINED_TRIAL, stats.trials(), "stopped at the cap");
        assertTrue(stats.onlyRepeats());
        assertFalse(stats.budgetSpent(s));
    }

    @Test
    void theDefaultCountsRulesTrained() {
        assertEquals(BudgetCount.TRAINED, SearchSettings.builder().build().budgetCounts());
        assertEquals(BudgetCount.PROPOSED, SearchSettings.builder().budgetCounts("proposed").build().budgetCounts());
        assertTrue(SearchSettings.builder().trials(5L).budgetCounts("proposed").build().budgetDescription()
                .equals("5 trials proposed"));
    }
}
