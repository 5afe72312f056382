package dev.nos.operator;

import dev.nos.engine.BudgetCount;
import dev.nos.engine.FolderStore;
import dev.nos.engine.TrialEntry;
import dev.nos.kubernetes.OptimizerSearch;
import dev.nos.kubernetes.OptimizerSearchSpec;
import dev.nos.kubernetes.Reward;
import dev.nos.kubernetes.SearchPhase;
import dev.nos.kubernetes.TestApiServer;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Load on a real API server (1.20.2): {@value #SEARCHES} searches of {@value #TRIALS} synthetic trials each, created
 * at once, run by one operator, their {@value #SEARCHES} controllers (each with its own ServiceAccount token) and the
 * test's {@link JobRunner}; every search reaches {@code Succeeded} with every trial published once and recorded once.
 * Each controller is the default one (PPO), in this one process, as 20 controller pods would be on a cluster.
 */
class ManySearchesAtOnceTest {
    private static final String NS = "default";
    private static final int SEARCHES = 20;
    private static final int TRIALS = 200;

    @Test
    void twentySearchesOf200TrialsAllSucceedWithEveryTrialRecordedOnce(@TempDir Path volumes) throws Exception {
        try (TestApiServer api = TestApiServer.start()) {
            api.installCrds();
            PublishedTrials published = new PublishedTrials(api.client(), NS);
            List<String> names = new ArrayList<>();
            try (NosOperator operator = NosOperator.start(api.client(), Map.of("NOS_METRICS_PORT", "0"), false);
                 JobRunner kubelet = new JobRunner(api.client(), NS, (job, attempt) -> false)
                         .runControllers(NS, sa -> api.clientAs(NS, sa), volumes)) {
                for (int i = 0; i < SEARCHES; i++) {
                    OptimizerSearchSpec spec = new OptimizerSearchSpec();
                    spec.setReward(Reward.SYNTHETIC);
                    spec.setSeed((long) i);
                    spec.setTrials((long) TRIALS);
                    spec.setBudgetCounts(BudgetCount.PROPOSED); // a load test: 200 proposals, cache hits among them
                    spec.setParallelism(10);
                    OptimizerSearch s = new OptimizerSearch();
                    String name = "load-" + i;
                    s.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
                    s.setSpec(spec);
                    api.client().resource(s).inNamespace(NS).create();
                    names.add(name);
                }
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(
                        Long.getLong("nos.load.minutes", 20));
                while (!allEnded(api, names)) {
                    if (System.nanoTime() > deadline) {
                        fail("not every search ended:\n" + api.kubectl("get", "osearch", "-n", NS).output());
                    }
                    Thread.sleep(1000);
                }
                assertEquals(SEARCHES, kubelet.controllerExits().stream().filter(e -> e == 0).count(),
                        "every controller pod ended once, exit 0: " + kubelet.controllerExits());
            } finally {
                published.close();
            }
            for (String name : names) {
                OptimizerSearch s = api.client().resources(OptimizerSearch.class).inNamespace(NS).withName(name).get();
                assertEquals(SearchPhase.Succeeded, s.getStatus().getPhase(), name + ": " + s.getStatus().getConditions());
                assertEquals(TRIALS + "/" + TRIALS, s.getStatus().getProgress(), name);
                List<TrialEntry> log;
                try (FolderStore store = FolderStore.open(volumes.resolve(name + "-controller"))) {
                    log = store.readTrials();
                    assertEquals(List.of(), store.readPending(), name + ": nothing left pending");
                }
                assertEquals(TRIALS, log.size(), name + ": the budget, every proposal");
                Set<Long> ids = new HashSet<>();
                log.forEach(e -> assertTrue(ids.add(e.id()), name + ": trial " + e.id() + " recorded once"));
                long trained = log.stream().filter(e -> !e.cached()).count();
                var counts = s.getStatus().getTrials();
                assertEquals(trained, counts.getOk() + counts.getDiverged() + counts.getFailed(), name + " folded once");
                published.assertEachOnce(name, trained);
            }
        }
    }

    private static boolean allEnded(TestApiServer api, List<String> names) {
        for (OptimizerSearch s : api.client().resources(OptimizerSearch.class).inNamespace(NS).list().getItems()) {
            if (names.contains(s.getMetadata().getName()) && (s.getStatus() == null
                    || s.getStatus().getPhase() != SearchPhase.Succeeded && s.getStatus().getPhase() != SearchPhase.Failed)) {
                return false;
            }
        }
        return true;
    }
}
