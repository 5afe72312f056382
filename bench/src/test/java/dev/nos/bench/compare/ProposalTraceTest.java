package dev.nos.bench.compare;

import dev.nos.engine.EngineCheckpoint;
import dev.nos.engine.FolderStore;
import dev.nos.engine.SearchSettings;
import dev.nos.engine.TrialEntry;
import dev.nos.policy.PolicySearcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ProposalTrace} on a real synthetic search: its windows add up to the log, its weight is the controller's. */
class ProposalTraceTest {

    @Test
    void theWindowsAddUpToTheLogAndTheReplayedWeightIsTheCheckpointsWeight(@TempDir Path dir) throws Exception {
        SearchSettings s = SearcherComparison.settings("ppo", 1, 120, Map.of("reward", "synthetic", "repeat-target", "0.5"));
        SearcherComparison.run(dir, s);
        List<TrialEntry> log;
        try (FolderStore store = FolderStore.open(dir)) {
            log = store.readTrials();
        }
        List<ProposalTrace.Window> windows = ProposalTrace.windows(log, s.controller(), 50);
        assertEquals(3, windows.size(), "120 rules trained in windows of 50: 50, 50 and 20");
        assertEquals(1, windows.get(0).firstTrained());
        assertEquals(120, windows.get(2).lastTrained());
        assertEquals(log.size(), windows.stream().mapToInt(ProposalTrace.Window::proposals).sum());
        long hits = log.stream().filter(TrialEntry::cached).count();
        assertTrue(hits > 0, "the search repeated itself, so the weight moved");
        assertEquals(hits, windows.stream().mapToInt(ProposalTrace.Window::repeats).sum());
        double logScale = EngineCheckpoint.read(dir.resolve(FolderStore.CHECKPOINT)).state().arrays()
                .get(PolicySearcher.ENTROPY_LOG_SCALE)[0];
        assertTrue(logScale > 0, "the weight rose above the configured one");
        assertEquals(s.controller().entropyWeight() * Math.exp(logScale), windows.get(2).lastWeight(), 1e-12);
        assertEquals(windows.get(2).lastWeight(), lastWeight(log, s), 0, "one window over the whole log");
        String table = ProposalTrace.table(windows, true);
        assertEquals(2 + 3, table.lines().count(), table);
    }

    /** The weight after the last batch, replayed over one window that holds the whole log. */
    private static double lastWeight(List<TrialEntry> log, SearchSettings s) {
        List<ProposalTrace.Window> one = ProposalTrace.windows(log, s.controller(), Integer.MAX_VALUE);
        assertEquals(1, one.size());
        return one.get(0).lastWeight();
    }

    @Test
    void aWindowOfNoRulesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ProposalTrace.windows(List.of(),
                SearchSettings.builder().build().controller(), 0));
    }
}
