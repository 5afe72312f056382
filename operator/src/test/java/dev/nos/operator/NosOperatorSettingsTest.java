package dev.nos.operator;

import dev.nos.kubernetes.OptimizerSearch;
import dev.nos.kubernetes.OptimizerSearchSpec;
import dev.nos.kubernetes.PodSpecOverrides;
import dev.nos.kubernetes.TrialBatch;
import dev.nos.kubernetes.TrialBatchSpec;
import dev.nos.rule.Rule;
import dev.nos.trial.TrialRequest;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operator's settings from its environment: {@code NOS_WATCH_NAMESPACES} and {@code NOS_WORKER_RESOURCES}. */
class NosOperatorSettingsTest {

    @Test
    void watchedNamespaces() {
        assertEquals(Set.of(), NosOperator.watchedNamespaces(Map.of()), "unset: all namespaces");
        assertEquals(Set.of(), NosOperator.watchedNamespaces(Map.of("NOS_WATCH_NAMESPACES", "")), "empty: all");
        assertEquals(List.of("team-a", "team-b"), List.copyOf(NosOperator.watchedNamespaces(
                Map.of("NOS_WATCH_NAMESPACES", " team-a, ,team-b,team-a "))));
    }

    @Test
    void workerResourcesAsJsonOrYaml() {
        assertNull(NosOperator.workerResources(Map.of()));
        assertNull(NosOperator.workerResources(Map.of("NOS_WORKER_RESOURCES", " ")));
        ResourceRequirements json = NosOperator.workerResources(Map.of("NOS_WORKER_RESOURCES",
                "{\"requests\":{\"cpu\":\"1\",\"memory\":\"2Gi\"},\"limits\":{\"memory\":\"4Gi\"}}"));
        assertEquals(new Quantity("1"), json.getRequests().get("cpu"));
        assertEquals(new Quantity("4Gi"), json.getLimits().get("memory"));
        ResourceRequirements yaml = NosOperator.workerResources(Map.of("NOS_WORKER_RESOURCES",
                "requests:\n  cpu: 500m\n"));
        assertEquals(new Quantity("500m"), yaml.getRequests().get("cpu"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> NosOperator.workerResources(
                Map.of("NOS_WORKER_RESOURCES", "[1, 2]")));
        assertTrue(bad.getMessage().startsWith("NOS_WORKER_RESOURCES"), bad.getMessage());
    }

    @Test
    void aSearchsOwnWorkerResourcesWinOverTheOperatorsDefault() {
        ResourceRequirements operatorDefault = new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("1")).build();
        ResourceRequirements own = new ResourceRequirementsBuilder().addToRequests("cpu", new Quantity("3")).build();
        OptimizerSearch search = new OptimizerSearch();
        search.setMetadata(new ObjectMetaBuilder().withName("s").withNamespace("ns").build());
        search.setSpec(new OptimizerSearchSpec());
        TrialBatch batch = new TrialBatch();
        batch.setMetadata(new ObjectMetaBuilder().withName("s-b0").withNamespace("ns").build());
        TrialBatchSpec spec = new TrialBatchSpec();
        spec.setSearch("s");
        spec.setRequests(List.of(TrialRequest.synthetic(0, Rule.parseInfix("g"), 1)));
        batch.setSpec(spec);
        TrialRequest request = spec.getRequests().get(0);
        assertEquals(operatorDefault, WorkerJob.of(search, batch, request, "w", operatorDefault, 3).getSpec()
                .getTemplate().getSpec().getContainers().get(0).getResources());
        assertNull(WorkerJob.of(search, batch, request, "w", null, 3).getSpec().getTemplate().getSpec()
                .getContainers().get(0).getResources());
        PodSpecOverrides worker = new PodSpecOverrides();
        worker.setResources(own);
        search.getSpec().setWorker(worker);
        assertEquals(own, WorkerJob.of(search, batch, request, "w", operatorDefault, 3).getSpec().getTemplate()
                .getSpec().getContainers().get(0).getResources());
    }
}
