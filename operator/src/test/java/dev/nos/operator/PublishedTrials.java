package dev.nos.operator;

import dev.nos.kubernetes.KubernetesExecutor;
import dev.nos.kubernetes.TrialBatch;
import dev.nos.trial.TrialRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * TEST CODE: watches every {@code TrialBatch} created in a namespace and counts, for each search and request id, in
 * how many batches the request was published, so a test can say every trained trial was published exactly once.
 */
final class PublishedTrials implements AutoCloseable {
    /** search -> request id -> in how many batches it was published */
    private final Map<String, Map<Long, Integer>> published = new HashMap<>();
    private final SharedIndexInformer<TrialBatch> informer;

    PublishedTrials(KubernetesClient client, String namespace) {
        informer = client.resources(TrialBatch.class).inNamespace(namespace).withLabel(KubernetesExecutor.SEARCH_LABEL)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(TrialBatch b) {
                        synchronized (published) {
                            Map<Long, Integer> ids = published.computeIfAbsent(
                                    b.getMetadata().getLabels().get(KubernetesExecutor.SEARCH_LABEL),
                                    k -> new HashMap<>());
                            for (TrialRequest r : b.getSpec().getRequests()) {
                                ids.merge(r.id(), 1, Integer::sum);
                            }
                        }
                    }

                    @Override
                    public void onUpdate(TrialBatch o, TrialBatch n) {
                    }

                    @Override
                    public void onDelete(TrialBatch b, boolean unknown) {
                    }
                });
    }

    /** Asserts that {@code search} published exactly {@code trained} requests, each in one batch. */
    void assertEachOnce(String search, long trained) {
        synchronized (published) {
            Map<Long, Integer> ids = published.getOrDefault(search, Map.of());
            assertEquals(trained, ids.size(), search + ": every trained trial was published");
            ids.forEach((id, n) -> assertEquals(1, n, search + ": trial " + id + " published once"));
        }
    }

    @Override
    public void close() {
        informer.close();
    }
}
