package dev.nos.operator;

import dev.nos.controller.ControllerMain;
import dev.nos.engine.FolderStore;
import dev.nos.engine.SearchEngine;
import dev.nos.engine.TrialEntry;
import dev.nos.kubernetes.OptimizerSearch;
import dev.nos.kubernetes.OptimizerSearchSpec;
import dev.nos.kubernetes.Reward;
import dev.nos.kubernetes.SearchPhase;
import dev.nos.kubernetes.TestApiServer;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.Operator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults on a real API server (1.20.2): the controller stops in the middle of a search (as its pod would when
 * killed) and the operator restarts while trials are in flight; the search goes on from where it was, and every
 * trial is published once, run by one Job, and recorded once.
 */
class RestartsTest {
    private static final String NS = "default";
    private static TestApiServer api;

    @BeforeAll
    static void start() throws Exception {
        api = TestApiServer.start();
        api.installCrds();
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
    }

    private static Operator startOperator() {
        return TestOperator.start(api, new TrialBatchReconciler("nos-worker:test"),
                new OptimizerSearchReconciler("nos-controller:test"));
    }

    @Test
    void theControllerAndTheOperatorRestartMidSearchAndNothingIsLostOrRepeated(@TempDir Path dir) throws Exception {
        OptimizerSearchSpec spec = new OptimizerSearchSpec();
        spec.setReward(Reward.SYNTHETIC);
        spec.setTrials(30L);
        spec.setParallelism(3);
        OptimizerSearch search = new OptimizerSearch();
        search.setMetadata(new ObjectMetaBuilder().withName("restarts").withNamespace(NS).build());
        search.setSpec(spec);
        api.client().resource(search).inNamespace(NS).create();
        Map<String, String> env = Map.of("NOS_SEARCH", "restarts", "NOS_NAMESPACE", NS, "NOS_STATE_DIR", dir.toString(),
                "NOS_METRICS_PORT", "0");

        PublishedTrials published = new PublishedTrials(api.client(), NS);
        Operator operator = startOperator();
        List<String> jobs;
        try (JobRunner kubelet = new JobRunner(api.client(), NS, (job, attempt) -> false)) {
            // the controller stops after 10 trials, with others in flight, as a killed pod would (a trial recorded
            // at once from the cache may come when nothing is in flight: wait for one that leaves some running)
            Consumer<SearchEngine> killAfter10 = engine -> engine.addListener((e, s) -> {
                if (s.trials() >= 10 && s.running() > 0) {
                    engine.stop();
                }
            });
            assertEquals(0, ControllerMain.run(api.client(), env, killAfter10));
            int before;
            try (FolderStore store = FolderStore.open(dir)) {
                before = store.readTrials().size();
                assertTrue(!store.readPending().isEmpty(), "trials were in flight when the controller stopped");
            }
            // the operator restarts too, while those trials are in flight
            operator.stop();
            operator = startOperator();
            // the controller's Job would start a new pod: it resumes from its volume
            assertEquals(0, ControllerMain.run(api.client(), env, engine -> { }));
            assertTrue(before >= 10 && before < 30, "stopped mid-search after " + before);
            api.client().resources(OptimizerSearch.class).inNamespace(NS).withName("restarts")
                    .waitUntilCondition(x -> x.getStatus() != null && x.getStatus().getPhase() == SearchPhase.Succeeded,
                            60, TimeUnit.SECONDS);
            jobs = kubelet.jobNames();
        } finally {
            operator.stop();
            published.close();
        }
        List<TrialEntry> log;
        try (FolderStore store = FolderStore.open(dir)) {
            log = store.readTrials();
            assertEquals(List.of(), store.readPending(), "nothing left pending");
        }
        Set<Long> ids = new HashSet<>();
        log.forEach(e -> assertTrue(ids.add(e.id()), "trial " + e.id() + " recorded once"));
        long trained = log.stream().filter(e -> !e.cached()).count();
        assertEquals(30, trained, "the budget: 30 rules trained");
        assertEquals(trained, new HashSet<>(jobs).size(), "one Job per trained trial");
        assertEquals(jobs.size(), new HashSet<>(jobs).size(), "no Job created twice");
        published.assertEachOnce("restarts", trained);
    }
}
