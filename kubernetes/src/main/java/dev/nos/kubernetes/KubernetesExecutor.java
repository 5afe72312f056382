package dev.nos.kubernetes;

import dev.nos.engine.TrialExecutor;
import dev.nos.trial.TrialRecord;
import dev.nos.trial.TrialRequest;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The controller pod's {@link TrialExecutor}: each batch of requests becomes a {@link TrialBatch} owned by the search,
 * and each request's future completes when the operator writes its record into the batch's status (seen through an
 * informer: one watch, no thread per trial). It creates no Jobs; the operator does (docs/architecture.md).
 *
 * <p>On a restart the engine submits its pending trials again; a request already held by a batch in the API is
 * reattached to it (by id) instead of being published twice. A batch deleted before all its records arrived fails the
 * futures of its unfinished requests, and the engine retries them.
 */
public final class KubernetesExecutor implements TrialExecutor {
    /** The label naming a batch's search. */
    public static final String SEARCH_LABEL = "nos.dev/search";
    /** The label the controller sets on a batch once every trial of it is in its log: the operator may fold it. */
    public static final String CONSUMED_LABEL = "nos.dev/consumed";

    private final KubernetesClient client;
    private final String namespace;
    private final OptimizerSearch search;
    private final Map<Long, CompletableFuture<TrialRecord>> waiting = new HashMap<>();
    private final Map<Long, String> batchOf = new HashMap<>();
    private final Set<Long> logged = new HashSet<>();
    private final Set<String> consumed = new HashSet<>();
    /** Batches whose consumed label could not be set (an API error): tried again at the next event. */
    private final Set<String> unlabelled = new HashSet<>();
    private final SharedIndexInformer<TrialBatch> informer;

    /** Watches the search's batches; call {@link #close()} to stop. */
    public KubernetesExecutor(KubernetesClient client, OptimizerSearch search) {
        this.client = client;
        this.search = search;
        this.namespace = search.getMetadata().getNamespace();
        this.informer = client.resources(TrialBatch.class).inNamespace(namespace)
                .withLabel(SEARCH_LABEL, search.getMetadata().getName())
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(TrialBatch b) {
                        seen(b);
                    }

                    @Override
                    public void onUpdate(TrialBatch old, TrialBatch b) {
                        seen(b);
                    }

                    @Override
                    public void onDelete(TrialBatch b, boolean unknownFinalState) {
                        deleted(b);
                    }
                });
    }

    @Override
    public synchronized List<CompletableFuture<TrialRecord>> submit(List<TrialRequest> batch) {
        List<CompletableFuture<TrialRecord>> out = new ArrayList<>(batch.size());
        List<TrialRequest> toPublish = new ArrayList<>();
        for (TrialRequest r : batch) {
            CompletableFuture<TrialRecord> f = new CompletableFuture<>();
            waiting.put(r.id(), f);
            out.add(f);
            if (!batchOf.containsKey(r.id())) {
                toPublish.add(r);
            }
        }
        // a request held by a batch already in the API (a restarted controller) is reattached, not published again
        for (TrialBatch b : informer.getStore().list()) {
            seen(b);
        }
        if (!toPublish.isEmpty()) {
            publish(toPublish);
        }
        return out;
    }

    private void publish(List<TrialRequest> requests) {
        String name = search.getMetadata().getName();
        TrialBatch b = new TrialBatch();
        b.setMetadata(new ObjectMetaBuilder()
                .withGenerateName(name + "-b" + requests.get(0).id() + "-")
                .withNamespace(namespace)
                .addToLabels(SEARCH_LABEL, name)
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(search.getApiVersion()).withKind(search.getKind())
                        .withName(name).withUid(search.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .build());
        TrialBatchSpec spec = new TrialBatchSpec();
        spec.setSearch(name);
        spec.setRequests(requests);
        b.setSpec(spec);
        TrialBatch created = client.resource(b).inNamespace(namespace).create();
        for (TrialRequest r : requests) {
            batchOf.put(r.id(), created.getMetadata().getName());
        }
    }

    /** Completes the futures of every record in the batch's status. */
    private synchronized void seen(TrialBatch b) {
        labelAgain();
        if (b.getSpec() != null) {
            for (TrialRequest r : b.getSpec().getRequests()) {
                batchOf.putIfAbsent(r.id(), b.getMetadata().getName());
            }
            markIfConsumed(b);
        }
        if (b.getStatus() == null) {
            return;
        }
        for (TrialRecord record : b.getStatus().getRecords()) {
            CompletableFuture<TrialRecord> f = record.id() == null ? null : waiting.remove(record.id());
            if (f != null) {
                f.complete(record);
            }
        }
    }

    /**
     * Trial {@code id} is durably in the search's log (called by {@link KubernetesStore}): when that was the last
     * trial of its batch, the batch is labelled consumed, so the operator folds it into the search's status and
     * deletes it.
     */
    public synchronized void logged(long id) {
        labelAgain();
        logged.add(id);
        String name = batchOf.get(id);
        TrialBatch b = name == null ? null : informer.getStore().getByKey(namespace + "/" + name);
        if (b != null) {
            markIfConsumed(b);
        }
    }

    private void labelAgain() {
        if (unlabelled.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>(unlabelled);
        unlabelled.clear();
        for (String name : names) {
            TrialBatch b = informer.getStore().getByKey(namespace + "/" + name);
            if (b != null) {
                markIfConsumed(b);
            }
        }
    }

    /** Labels the batch consumed when every one of its trials is logged (once). */
    private void markIfConsumed(TrialBatch b) {
        String name = b.getMetadata().getName();
        if (consumed.contains(name) || "true".equals(b.getMetadata().getLabels().get(CONSUMED_LABEL))
                || !b.getSpec().getRequests().stream().allMatch(r -> logged.contains(r.id()))) {
            return;
        }
        consumed.add(name);
        // a merge patch of the label alone, without the resourceVersion: the operator writes the batch's status at the
        // same time, and a read-modify-write (edit) fails with 409 when it does
        try {
            client.resources(TrialBatch.class).inNamespace(namespace).withName(name)
                    .patch(PatchContext.of(PatchType.JSON_MERGE),
                            "{\"metadata\":{\"labels\":{\"" + CONSUMED_LABEL + "\":\"true\"}}}");
        } catch (KubernetesClientException e) {
            consumed.remove(name);
            unlabelled.add(name); // tried again at the next trial logged or batch seen; the log has its trials
            System.err.println("nos controller: could not label TrialBatch " + name + " consumed (" + e.getCode()
                    + "): " + e.getMessage());
        }
    }

    /** Fails the futures of the batch's requests that had no record. */
    private synchronized void deleted(TrialBatch b) {
        if (b.getSpec() == null) {
            return;
        }
        for (TrialRequest r : b.getSpec().getRequests()) {
            if (b.getMetadata().getName().equals(batchOf.get(r.id()))) {
                batchOf.remove(r.id());
                CompletableFuture<TrialRecord> f = waiting.remove(r.id());
                if (f != null) {
                    f.completeExceptionally(new IllegalStateException("TrialBatch " + b.getMetadata().getName()
                            + " was deleted before trial " + r.id() + " finished"));
                }
            }
        }
    }

    @Override
    public String describe() {
        return "TrialBatches of " + namespace + "/" + search.getMetadata().getName();
    }

    @Override
    public void close() {
        informer.close();
    }
}
