package dev.nos.kubernetes;

import dev.nos.engine.FolderStore;
import dev.nos.engine.SearchEngine;
import dev.nos.engine.SearchSettings;
import dev.nos.engine.SearchStats;
import dev.nos.engine.TrialEntry;
import dev.nos.rule.Rule;
import dev.nos.trial.TrialRecord;
import dev.nos.trial.TrialRequest;
import dev.nos.trial.TrialRunner;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The controller pod's executor on a real API server (1.20.2). The test plays the operator: it writes the records
 * into the batches' status, as the operator does with what its workers report.
 */
class KubernetesExecutorTest {
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

    private static OptimizerSearch createSearch(String name) {
        OptimizerSearch s = new OptimizerSearch();
        s.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        s.setSpec(new OptimizerSearchSpec());
        return api.client().resource(s).inNamespace(NS).create();
    }

    private static List<TrialBatch> batches(String search) {
        return api.client().resources(TrialBatch.class).inNamespace(NS)
                .withLabel(KubernetesExecutor.SEARCH_LABEL, search).list().getItems();
    }

    private static TrialRecord record(TrialRequest r) {
        return new TrialRunner().run(r);
    }

    /** Writes the records of the given requests into the batch's status (what the operator does). */
    private static void report(String batchName, List<TrialRequest> requests) {
        TrialBatch b = api.client().resources(TrialBatch.class).inNamespace(NS).withName(batchName).get();
        TrialBatchStatus status = b.getStatus() == null ? new TrialBatchStatus() : b.getStatus();
        List<TrialRecord> records = new ArrayList<>(status.getRecords());
        requests.forEach(r -> records.add(record(r)));
        status.setRecords(records);
        b.setStatus(status);
        api.client().resource(b).inNamespace(NS).updateStatus();
    }

    @Test
    void aBatchIsPublishedOnceAndEachRecordCompletesItsTrialAcrossARestart() throws Exception {
        OptimizerSearch search = createSearch("exec");
        List<TrialRequest> requests = List.of(
                TrialRequest.synthetic(0, Rule.parseInfix("g"), 1),
                TrialRequest.synthetic(1, Rule.parseInfix("sign(g)"), 1),
                TrialRequest.synthetic(2, Rule.parseInfix("exp(sign(g) * sign(m)) * g"), 1));
        List<CompletableFuture<TrialRecord>> futures;
        try (KubernetesExecutor exec = new KubernetesExecutor(api.client(), search)) {
            futures = exec.submit(requests);
            List<TrialBatch> published = batches("exec");
            assertEquals(1, published.size(), "one batch for one submit");
            TrialBatch b = published.get(0);
            assertEquals(requests, b.getSpec().getRequests(), "the requests, verbatim");
            assertEquals(search.getMetadata().getUid(), b.getMetadata().getOwnerReferences().get(0).getUid(),
                    "owned by its search");
            report(b.getMetadata().getName(), requests.subList(0, 2));
            assertEquals(record(requests.get(0)).reward(), futures.get(0).get(30, TimeUnit.SECONDS).reward());
            assertEquals(record(requests.get(1)).reward(), futures.get(1).get(30, TimeUnit.SECONDS).reward());
            assertFalse(futures.get(2).isDone(), "no record yet for the third");
        }
        // the controller restarts: its engine submits the pending trial again, which is reattached, not republished
        try (KubernetesExecutor again = new KubernetesExecutor(api.client(), search)) {
            CompletableFuture<TrialRecord> third = again.submit(List.of(requests.get(2))).get(0);
            assertEquals(1, batches("exec").size(), "the pending trial was not published twice");
            report(batches("exec").get(0).getMetadata().getName(), List.of(requests.get(2)));
            assertEquals(1.0, third.get(30, TimeUnit.SECONDS).reward(), "PowerSign is the synthetic target");
        }
    }

    @Test
    void aBatchDeletedBeforeItsRecordsFailsItsTrialsSoTheEngineRetriesThem() throws Exception {
        OptimizerSearch search = createSearch("deleted");
        try (KubernetesExecutor exec = new KubernetesExecutor(api.client(), search)) {
            CompletableFuture<TrialRecord> f = exec.submit(List.of(TrialRequest.synthetic(0, Rule.parseInfix("g"), 1)))
                    .get(0);
            api.client().resources(TrialBatch.class).inNamespace(NS).withLabel(KubernetesExecutor.SEARCH_LABEL,
                    "deleted").delete();
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("was deleted"), e.getCause().getMessage());
        }
    }

    /** The engine of nos search, unchanged, runs a whole search through the API; the test plays the operator. */
    @Test
    void theEngineRunsASearchThroughTheApi(@TempDir Path dir) throws Exception {
        OptimizerSearch search = createSearch("engine");
        KubernetesClient client = api.client();
        Set<Long> reported = new HashSet<>();
        SharedIndexInformer<TrialBatch> operator = client.resources(TrialBatch.class).inNamespace(NS)
                .withLabel(KubernetesExecutor.SEARCH_LABEL, "engine").inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(TrialBatch b) {
                        List<TrialRequest> todo = new ArrayList<>();
                        synchronized (reported) {
                            for (TrialRequest r : b.getSpec().getRequests()) {
                                if (reported.add(r.id())) {
                                    todo.add(r);
                                }
                            }
                        }
                        report(b.getMetadata().getName(), todo);
                    }

                    @Override
                    public void onUpdate(TrialBatch o, TrialBatch n) {
                    }

                    @Override
                    public void onDelete(TrialBatch b, boolean unknown) {
                    }
                });
        SearchSettings settings = SearchSettings.builder().reward("synthetic").trials(20L).workers(3).build();
        SearchStats stats;
        try (KubernetesExecutor exec = new KubernetesExecutor(client, search);
             FolderStore store = FolderStore.create(dir)) {
            stats = SearchEngine.create(store, settings, exec).run();
        } finally {
            operator.close();
        }
        assertEquals(20, stats.evaluated(), "20 rules trained (the budget counts those)");
        List<TrialEntry> log;
        try (FolderStore store = FolderStore.open(dir)) {
            log = store.readTrials();
        }
        Set<Long> ids = new HashSet<>();
        for (TrialEntry e : log) {
            assertTrue(ids.add(e.id()), "trial " + e.id() + " logged once");
            if (!e.cached()) {
                assertTrue(reported.contains(e.id()), "trial " + e.id() + " went through a TrialBatch");
                assertEquals(record(e.request()).reward(), e.reward());
            }
        }
        long published = batches("engine").stream().mapToLong(b -> b.getSpec().getRequests().size()).sum();
        assertEquals(log.stream().filter(e -> !e.cached()).count(), published,
                "every trained trial was published once, and no cached one");
    }
}
