package dev.nos.engine;

import dev.nos.policy.ScoredRule;
import dev.nos.policy.Searcher;
import dev.nos.policy.SearcherState;
import dev.nos.policy.Searchers;
import dev.nos.rule.Rule;
import dev.nos.rule.space.SearchSpace;
import dev.nos.rule.equiv.CanonicalKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A search in its own JVM is killed (SIGKILL, no shutdown hooks) in the middle of its run, then resumed: the log holds
 * every trial exactly once, nothing finished before the kill is lost or changed or run again, and the controller
 * continues from its checkpoint, learns again from the trials logged after it (so it is exactly where a controller
 * that learned from the whole log is) and learns from every trial.
 */
class ResumeAfterKillTest {

    /** The search the test kills: PPO, 2 workers, a synthetic reward that takes 40 ms a trial. */
    public static final class Victim {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            SearchEngine.create(FolderStore.create(dir), victim(Long.parseLong(args[1])),
                    new SyntheticExecutor(40)).run();
        }
    }

    @Test
    void aKilledSearchResumesWithEveryTrialExactlyOnce(@TempDir Path dir) throws Exception {
        Path log = dir.resolve(FolderStore.TRIALS);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java, "-cp", cp, Victim.class.getName(), dir.toString(), "1000")
                .redirectErrorStream(true).redirectOutput(dir.resolve("victim.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Path checkpoint = dir.resolve(FolderStore.CHECKPOINT);
        while ((lines(log) < 28 || learned(checkpoint) < 25) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the search was still running when killed: " + Files.readString(dir.resolve("victim.out")));
        p.destroyForcibly().waitFor();
        List<TrialEntry> before = EngineTestSupport.log(dir);
        assertTrue(before.size() >= 28 && before.size() < 1000, "killed mid-run after " + before.size() + " trials");
        EngineCheckpoint cp0 = EngineCheckpoint.read(dir.resolve(FolderStore.CHECKPOINT));
        assertTrue(cp0 != null && cp0.learnedTrials() >= 25, "the controller had checkpointed");

        int total = before.size() + 30;
        List<String> keys = new ArrayList<>();
        SearchEngine resumed;
        try (LocalWorkerPool pool = EngineTestSupport.pool(1, r -> {
            synchronized (keys) {
                keys.add(CanonicalKey.of(Rule.parseTokens(r.rule())));
            }
            return EngineTestSupport.synthetic(r);
        })) {
            resumed = SearchEngine.resume(FolderStore.open(dir), pool, s -> s.withBudget(total, 0));
            assertEquals(before.size() / 5, resumed.searcher().updates(),
                    "the controller is back at its checkpoint, then learned from every full batch logged after it");
            assertTrue(before.size() / 5 >= cp0.state().updates());
            SearcherState replayed = learnedFromTheWholeLog(before);
            SearcherState state = resumed.searcher().state();
            assertEquals(replayed.arrays().keySet(), state.arrays().keySet());
            for (String name : replayed.arrays().keySet()) {
                assertArrayEquals(replayed.arrays().get(name), state.arrays().get(name), name
                        + ": the resumed controller is the one that learned from every logged trial, in order");
            }
            resumed.run();
        }

        List<TrialEntry> after = EngineTestSupport.log(dir);
        SearchEngineTest.assertNumberedOnce(after, total);
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i).request(), after.get(i).request(), "trial " + (i + 1) + " kept");
            assertEquals(before.get(i).reward(), after.get(i).reward());
        }
        // nothing evaluated twice: neither across the kill nor within a run
        Set<String> trained = new HashSet<>();
        for (TrialEntry e : after) {
            if (!e.cached()) {
                assertTrue(trained.add(CanonicalKey.of(Rule.parseTokens(e.request().rule()))), "trial " + e.trial()
                        + " trained a rule already trained: " + e.rule());
            }
        }
        for (String key : keys) {
            long earlier = before.stream().filter(e -> !e.cached())
                    .filter(e -> CanonicalKey.of(Rule.parseTokens(e.request().rule())).equals(key)).count();
            assertEquals(0, earlier, "the resumed run did not train again a rule trained before the kill");
        }
        // the controller learned from every trial, those of both runs
        assertEquals(total / 5, resumed.searcher().updates());
        assertEquals(total / 5 * 5, EngineCheckpoint.read(dir.resolve(FolderStore.CHECKPOINT)).learnedTrials());
    }

    /** The victim's settings: the exploring controller, whose entropy weight depends on which trials were repeats. */
    private static SearchSettings victim(long trials) {
        SearchSettings s = EngineTestSupport.small(trials).withWorkers(2);
        return s.withController(s.controller().exploring(0.5));
    }

    /** A fresh controller of the victim's settings that learned from the log's full batches, in order. */
    private static SearcherState learnedFromTheWholeLog(List<TrialEntry> log) {
        SearchSettings s = victim(1000);
        Searcher searcher = Searchers.create(s.searcher(), SearchSpace.named(s.space()), s.controller(), s.seed());
        for (int i = 0; i + 5 <= log.size(); i += 5) {
            List<ScoredRule> batch = new ArrayList<>();
            for (TrialEntry e : log.subList(i, i + 5)) {
                batch.add(new ScoredRule(PendingTrial.sampleOf(e), e.reward(), e.cached()));
            }
            searcher.learn(batch);
        }
        return searcher.state();
    }

    private static long learned(Path checkpoint) {
        try {
            EngineCheckpoint cp = EngineCheckpoint.read(checkpoint);
            return cp == null ? 0 : cp.learnedTrials();
        } catch (Exception e) {
            return 0; // being replaced
        }
    }

    private static long lines(Path f) throws Exception {
        if (!Files.exists(f)) {
            return 0;
        }
        return Files.readAllLines(f).size();
    }
}
