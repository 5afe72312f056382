package dev.nos.engine;

import dev.nos.policy.ControllerSettings;
import dev.nos.trial.TrialRecord;
import dev.nos.trial.TrialRequest;
import dev.nos.trial.TrialRunner;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** Small settings and workers for fast engine tests. */
final class EngineTestSupport {
    private EngineTestSupport() {}

    private static final TrialRunner RUNNER = new TrialRunner();

    /**
     * PPO over small:2 with a small controller (hidden 32, lr 1e-3), synthetic reward, 1 worker; the budget counts
     * every trial proposed, so these tests know how many lines the log gets (BudgetCountTest covers the default).
     */
    static SearchSettings small(long trials) {
        return SearchSettings.builder().reward("synthetic").trials(trials).budgetCounts("proposed").build()
                .withController(ControllerSettings.paper().withHidden(32).withLearningRate(1e-3));
    }

    /** The worker's own answer to a synthetic request. */
    static TrialRecord synthetic(TrialRequest request) {
        return RUNNER.run(request);
    }

    /** A pool of {@code workers} threads running {@code worker}. */
    static LocalWorkerPool pool(int workers, Function<TrialRequest, TrialRecord> worker) {
        return new LocalWorkerPool(workers, worker, "test workers");
    }

    static List<TrialEntry> log(Path dir) throws IOException {
        try (FolderStore store = FolderStore.open(dir)) {
            return store.readTrials();
        }
    }
}
