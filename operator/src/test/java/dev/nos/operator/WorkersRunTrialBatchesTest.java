package dev.nos.operator;

import dev.nos.controller.ControllerMain;
import dev.nos.engine.FolderStore;
import dev.nos.engine.SearchEngine;
import dev.nos.engine.TrialEntry;
import dev.nos.kubernetes.CustomSpaceSpec;
import dev.nos.kubernetes.KubernetesExecutor;
import dev.nos.kubernetes.OptimizerSearch;
import dev.nos.kubernetes.OptimizerSearchSpec;
import dev.nos.kubernetes.OptimizerSearchStatus;
import dev.nos.kubernetes.RankedRule;
import dev.nos.kubernetes.Reward;
import dev.nos.kubernetes.SearchPhase;
import dev.nos.kubernetes.Searcher;
import dev.nos.kubernetes.TestApiServer;
import dev.nos.kubernetes.TrialBatch;
import dev.nos.trial.TrialRunner;
import dev.nos.trial.TrialStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.Operator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The protocol end to end on a real API server (1.20.2), but for pods: the engine of {@code nos search} with the
 * Kubernetes executor publishes TrialBatches; the operator's {@link TrialBatchReconciler} starts worker Jobs, at most
 * {@code parallelism} at once, and writes each record it reads from a worker's termination message; the test's
 * {@link JobRunner} plays the Job controller and the kubelet. One worker crashes once (the Job retries it), one always
 * (the trial is FAILED); every trial is recorded exactly once.
 */
class WorkersRunTrialBatchesTest {
    private static final String NS = "default";
    private static TestApiServer api;
    private static Operator operator;

    @BeforeAll
    static void start() throws Exception {
        api = TestApiServer.start();
        api.installCrds();
        operator = TestOperator.start(api, new TrialBatchReconciler("nos-worker:test"),
                new OptimizerSearchReconciler("nos-controller:test"));
    }

    @AfterAll
    static void stop() throws Exception {
        TestOperator.stop(operator, api);
    }

    @Test
    void aSearchRunsThroughBatchesJobsAndTerminationMessages(@TempDir Path dir) throws Exception {
        OptimizerSearchSpec spec = new OptimizerSearchSpec();
        spec.setReward(Reward.SYNTHETIC);
        spec.setTrials(20L);
        spec.setParallelism(3);
        spec.setMaxAttempts(2);
        OptimizerSearch search = new OptimizerSearch();
        search.setMetadata(new ObjectMetaBuilder().withName("workers").withNamespace(NS).build());
        search.setSpec(spec);
        api.client().resource(search).inNamespace(NS).create();

        // the 2nd Job's first worker crashes (retried), the 4th Job's workers always crash (FAILED)
        List<TrialEntry> log;
        List<String> jobs;
        int maxRunning;
        Job jobTemplateSeen;
        try (JobRunner kubelet = new JobRunner(api.client(), NS, (job, attempt) -> job == 1 && attempt == 0 || job == 3)) {
            // the controller pod's main, run here as its pod would run it
            int exit = ControllerMain.run(api.client(), Map.of("NOS_SEARCH", "workers", "NOS_NAMESPACE", NS,
                    "NOS_STATE_DIR", dir.toString(), "NOS_METRICS_PORT", "0"), engine -> { });
            assertEquals(0, exit);
            try (FolderStore store = FolderStore.open(dir)) {
                log = store.readTrials();
            }
            jobs = kubelet.jobNames();
            maxRunning = kubelet.maxRunning();
            jobTemplateSeen = kubelet.firstJob();
        }
        assertEquals(20, log.stream().filter(e -> !e.cached()).count(), "the budget: 20 rules trained");
        Set<Long> ids = new HashSet<>();
        Map<Long, TrialEntry> byId = new HashMap<>();
        for (TrialEntry e : log) {
            assertTrue(ids.add(e.id()), "trial " + e.id() + " recorded once");
            byId.put(e.id(), e);
        }
        long trained = log.stream().filter(e -> !e.cached()).count();
        assertEquals(trained, jobs.size(), "one Job per trained trial, none twice");
        assertTrue(maxRunning <= 3, "at most parallelism workers at once: " + maxRunning);
        assertTrue(maxRunning >= 2, "workers ran side by side: " + maxRunning);

        TrialEntry retried = byId.get(idOf(jobs.get(1)));
        assertEquals(TrialStatus.OK, retried.status(), "a crash is retried by the Job: " + retried.record());
        assertEquals(new TrialRunner().run(retried.request()).reward(), retried.reward());
        TrialEntry failed = byId.get(idOf(jobs.get(3)));
        assertEquals(TrialStatus.FAILED, failed.status());
        assertTrue(failed.record().error().contains("the worker failed 2 times"), failed.record().error());

        // every batch is folded into the search's status, then deleted with its Jobs
        OptimizerSearchStatus status = api.client().resources(OptimizerSearch.class).inNamespace(NS).withName("workers")
                .waitUntilCondition(x -> x.getStatus() != null && x.getStatus().getTrials() != null
                        && x.getStatus().getTrials().getOk() + x.getStatus().getTrials().getDiverged()
                        + x.getStatus().getTrials().getFailed() == trained, 60, TimeUnit.SECONDS).getStatus();
        assertEquals(log.stream().filter(e -> !e.cached() && e.status() == TrialStatus.OK).count(),
                status.getTrials().getOk());
        assertEquals(log.stream().filter(e -> !e.cached() && e.status() == TrialStatus.FAILED).count(),
                status.getTrials().getFailed());
        List<TrialEntry> okByReward = log.stream().filter(e -> !e.cached() && e.status() == TrialStatus.OK)
                .sorted(Comparator.comparingDouble(TrialEntry::reward).reversed()
                        .thenComparingLong(TrialEntry::id)).toList();
        assertEquals(Math.min(10, okByReward.size()), status.getLeaderboard().size(), "a top 10, at most");
        for (int i = 0; i < status.getLeaderboard().size(); i++) {
            RankedRule r = status.getLeaderboard().get(i);
            assertEquals(okByReward.get(i).reward(), r.getReward(), "rank " + (i + 1));
        }
        assertEquals(okByReward.get(0).reward(), status.getBest().getReward());
        OptimizerSearch done = api.client().resources(OptimizerSearch.class).inNamespace(NS).withName("workers")
                .waitUntilCondition(x -> x.getStatus().getPhase() == SearchPhase.Succeeded, 60, TimeUnit.SECONDS);
        assertEquals(log.size(), done.getStatus().getController().getTrials(), "the controller's own report");
        assertEquals(log.size() - trained, done.getStatus().getController().getCacheHits());
        assertEquals("20/20", done.getStatus().getProgress(), "rules trained and folded, against the budget");
        assertTrue(done.getStatus().getFinishedAt() != null);
        api.client().resources(TrialBatch.class).inNamespace(NS).withLabel(KubernetesExecutor.SEARCH_LABEL, "workers")
                .informOnCondition(List::isEmpty).get(60, TimeUnit.SECONDS);
        api.client().batch().v1().jobs().inNamespace(NS).withLabel(WorkerJob.SEARCH_LABEL, "workers")
                .withLabel(WorkerJob.BATCH_LABEL).informOnCondition(List::isEmpty).get(60, TimeUnit.SECONDS);
        assertTrue(jobTemplateSeen.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken() == Boolean.FALSE,
                "workers hold no API token");
    }

    private static long idOf(String jobName) {
        return Long.parseLong(jobName.substring(jobName.lastIndexOf("-t") + 2));
    }

    /** A space smaller than the budget: the controller ends at the proposals' cap and the search says why. */
    @Test
    void aSpaceTriedOutEndsTheSearchAsOnlyRepeats(@TempDir Path dir) throws Exception {
        OptimizerSearchSpec spec = new OptimizerSearchSpec();
        spec.setReward(Reward.SYNTHETIC);
        spec.setSearcher(Searcher.RANDOM);
        CustomSpaceSpec space = new CustomSpaceSpec();
        space.setOperands(List.of("g", "m"));
        space.setUnaryFunctions(List.of("id"));
        space.setBinaryFunctions(List.of("mul"));
        space.setGroups(1);
        space.setConstraints(List.of());
        spec.setCustomSpace(space); // g*g, g*m, m*g, m*m: 3 rules up to equivalence
        spec.setTrials(5L);
        spec.setParallelism(2);
        OptimizerSearch search = new OptimizerSearch();
        search.setMetadata(new ObjectMetaBuilder().withName("tried-out").withNamespace(NS).build());
        search.setSpec(spec);
        api.client().resource(search).inNamespace(NS).create();
        try (JobRunner kubelet = new JobRunner(api.client(), NS, (job, attempt) -> false)) {
            assertEquals(0, ControllerMain.run(api.client(), Map.of("NOS_SEARCH", "tried-out", "NOS_NAMESPACE", NS,
                    "NOS_STATE_DIR", dir.toString(), "NOS_METRICS_PORT", "0"), engine -> { }));
        }
        OptimizerSearch done = api.client().resources(OptimizerSearch.class).inNamespace(NS).withName("tried-out")
                .waitUntilCondition(x -> x.getStatus() != null && x.getStatus().getPhase() == SearchPhase.Succeeded,
                        60, TimeUnit.SECONDS);
        var ended = done.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals(OptimizerSearchReconciler.ENDED)).findFirst().orElseThrow();
        assertEquals("OnlyRepeats", ended.getReason(), ended.getMessage());
        assertTrue(done.getStatus().getController().getOnlyRepeats());
        assertEquals(5L * SearchEngine.PROPOSALS_PER_TRAINED_TRIAL, done.getStatus().getController().getTrials());
        long trained = done.getStatus().getTrials().getOk() + done.getStatus().getTrials().getDiverged();
        assertTrue(trained >= 1 && trained <= 3, "at most the 3 rules of the space were trained: " + trained);
        assertEquals(trained + "/5", done.getStatus().getProgress());
    }
}
