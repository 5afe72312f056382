package dev.nos.operator;

import dev.nos.kubernetes.OptimizerSearch;
import dev.nos.kubernetes.OptimizerSearchSpec;
import dev.nos.kubernetes.OptimizerSearchStatus;
import dev.nos.kubernetes.TestApiServer;
import dev.nos.kubernetes.TrialBatch;
import dev.nos.kubernetes.TrialBatchSpec;
import dev.nos.kubernetes.ControllerReport;
import dev.nos.rule.Rule;
import dev.nos.trial.TrialRequest;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.Operator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator creates a search's controller pod (a Job) with a ServiceAccount whose Role allows what the protocol
 * needs and nothing more. Proven on a real API server (1.20.2) with a real token from the TokenRequest API: allowed
 * calls succeed, the rest are refused with 403.
 */
class ControllerRbacTest {
    private static final String NS = "default";
    private static TestApiServer api;
    private static Operator operator;

    @BeforeAll
    static void start() throws Exception {
        api = TestApiServer.start();
        api.installCrds();
        operator = TestOperator.start(api, new OptimizerSearchReconciler("nos-controller:test"));
    }

    @AfterAll
    static void stop() throws Exception {
        TestOperator.stop(operator, api);
    }

    private static OptimizerSearch create(String name) {
        OptimizerSearch s = new OptimizerSearch();
        s.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        s.setSpec(new OptimizerSearchSpec());
        return api.client().resource(s).inNamespace(NS).create();
    }

    private static KubernetesClient clientAs(String serviceAccount) {
        return api.clientAs(NS, serviceAccount);
    }

    private static void assertForbidden(String what, Executable call) {
        KubernetesClientException e = assertThrows(KubernetesClientException.class, call, what + " should be refused");
        assertEquals(403, e.getCode(), what + ": " + e.getMessage());
    }

    private static void patchControllerStatus(KubernetesClient client, String search) {
        OptimizerSearch patch = new OptimizerSearch();
        patch.setMetadata(new ObjectMetaBuilder().withName(search).withNamespace(NS).build());
        OptimizerSearchStatus status = new OptimizerSearchStatus();
        status.setController(new ControllerReport());
        patch.setStatus(status);
        client.resource(patch).inNamespace(NS).subresource("status").patch(new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager("nos-controller").withForce(true).build());
    }

    /**
     * Deleting a search removes everything it owned. The test API server has no garbage collector, so the test plays
     * it: it deletes, again and again, every object whose owner is gone, following ownerReferences only.
     */
    @Test
    void deletingASearchLeavesNothingItOwned() throws Exception {
        create("gone");
        create("kept");
        for (String s : List.of("gone", "kept")) {
            api.client().batch().v1().jobs().inNamespace(NS).withName(s + "-controller")
                    .waitUntilCondition(j -> j != null, 30, TimeUnit.SECONDS);
            api.client().persistentVolumeClaims().inNamespace(NS).withName(s + "-state")
                    .waitUntilCondition(j -> j != null, 30, TimeUnit.SECONDS);
        }
        api.client().resources(OptimizerSearch.class).inNamespace(NS).withName("gone").delete();
        api.client().resources(OptimizerSearch.class).inNamespace(NS).withName("gone")
                .waitUntilCondition(java.util.Objects::isNull, 30, TimeUnit.SECONDS);
        playGarbageCollector();
        for (String s : List.of("gone", "kept")) {
            boolean expected = s.equals("kept");
            assertEquals(expected, present(api.client().batch().v1().jobs().inNamespace(NS).withName(s + "-controller").get()), s);
            assertEquals(expected, present(api.client().serviceAccounts().inNamespace(NS).withName(s + "-controller").get()), s);
            assertEquals(expected, present(api.client().rbac().roles().inNamespace(NS).withName(s + "-controller").get()), s);
            assertEquals(expected, present(api.client().rbac().roleBindings().inNamespace(NS).withName(s + "-controller").get()), s);
            assertEquals(expected, present(api.client().persistentVolumeClaims().inNamespace(NS).withName(s + "-state").get()), s);
        }
    }

    /** There and not being deleted. */
    private static boolean present(HasMetadata o) {
        return o != null && o.getMetadata().getDeletionTimestamp() == null;
    }

    /** Deletes every nos object whose controlling owner no longer exists, until none is left to delete. */
    private static void playGarbageCollector() {
        KubernetesClient c = api.client();
        for (int round = 0, deleted = 1; deleted > 0 && round < 20; round++) {
            deleted = 0;
            Set<String> uids = new HashSet<>();
            c.resources(OptimizerSearch.class).inNamespace(NS).list().getItems().forEach(o -> uids.add(o.getMetadata().getUid()));
            c.resources(TrialBatch.class).inNamespace(NS).list().getItems().forEach(o -> uids.add(o.getMetadata().getUid()));
            c.batch().v1().jobs().inNamespace(NS).list().getItems().forEach(o -> uids.add(o.getMetadata().getUid()));
            List<HasMetadata> owned = new ArrayList<>();
            owned.addAll(c.resources(TrialBatch.class).inNamespace(NS).list().getItems());
            owned.addAll(c.batch().v1().jobs().inNamespace(NS).list().getItems());
            owned.addAll(c.pods().inNamespace(NS).list().getItems());
            owned.addAll(c.serviceAccounts().inNamespace(NS).list().getItems());
            owned.addAll(c.rbac().roles().inNamespace(NS).list().getItems());
            owned.addAll(c.rbac().roleBindings().inNamespace(NS).list().getItems());
            owned.addAll(c.persistentVolumeClaims().inNamespace(NS).list().getItems());
            for (HasMetadata o : owned) {
                // an object being deleted (a volume claim waits on its protection finalizer here) counts as gone
                if (o.getMetadata().getDeletionTimestamp() == null && !o.getMetadata().getOwnerReferences().isEmpty()
                        && o.getMetadata().getOwnerReferences().stream().noneMatch(r -> uids.contains(r.getUid()))) {
                    c.resource(o).inNamespace(NS).withGracePeriod(0).delete();
                    deleted++;
                }
            }
        }
    }

    @Test
    void theControllersServiceAccountCanDoItsJobAndNothingMore() throws Exception {
        OptimizerSearch a = create("rbac-a");
        create("rbac-b");
        Job controller = api.client().batch().v1().jobs().inNamespace(NS).withName("rbac-a-controller")
                .waitUntilCondition(j -> j != null, 30, TimeUnit.SECONDS);
        assertEquals("rbac-a-controller", controller.getSpec().getTemplate().getSpec().getServiceAccountName());
        assertEquals(a.getMetadata().getUid(), controller.getMetadata().getOwnerReferences().get(0).getUid());
        api.client().serviceAccounts().inNamespace(NS).withName("rbac-a-controller")
                .waitUntilCondition(sa -> sa != null, 30, TimeUnit.SECONDS);
        api.client().rbac().roleBindings().inNamespace(NS).withName("rbac-a-controller")
                .waitUntilCondition(rb -> rb != null, 30, TimeUnit.SECONDS);

        try (KubernetesClient as = clientAs("rbac-a-controller")) {
            // what the protocol needs
            assertEquals("rbac-a", as.resources(OptimizerSearch.class).inNamespace(NS).withName("rbac-a").get()
                    .getMetadata().getName());
            patchControllerStatus(as, "rbac-a");
            TrialBatch batch = new TrialBatch();
            batch.setMetadata(new ObjectMetaBuilder().withName("rbac-a-b0").withNamespace(NS).build());
            TrialBatchSpec spec = new TrialBatchSpec();
            spec.setSearch("rbac-a");
            spec.setRequests(List.of(TrialRequest.synthetic(0, Rule.parseInfix("g"), 1)));
            batch.setSpec(spec);
            as.resource(batch).inNamespace(NS).create();
            assertTrue(as.resources(TrialBatch.class).inNamespace(NS).list().getItems().size() >= 1);

            // and nothing more
            assertForbidden("reading another search", () -> as.resources(OptimizerSearch.class).inNamespace(NS)
                    .withName("rbac-b").get());
            assertForbidden("writing another search's status", () -> patchControllerStatus(as, "rbac-b"));
            assertForbidden("changing its own search's spec", () -> as.resources(OptimizerSearch.class)
                    .inNamespace(NS).withName("rbac-a").edit(s -> {
                        s.getSpec().setParallelism(99);
                        return s;
                    }));
            assertForbidden("creating a Job", () -> as.batch().v1().jobs().inNamespace(NS).resource(new JobBuilder()
                    .withNewMetadata().withName("sneaky").endMetadata().withNewSpec().withNewTemplate().withNewSpec()
                    .withRestartPolicy("Never").addNewContainer().withName("x").withImage("x").endContainer()
                    .endSpec().endTemplate().endSpec().build()).create());
            assertForbidden("creating a pod", () -> as.pods().inNamespace(NS).resource(new PodBuilder()
                    .withNewMetadata().withName("sneaky").endMetadata().withNewSpec().addNewContainer()
                    .withName("x").withImage("x").endContainer().endSpec().build()).create());
            assertForbidden("reading Secrets", () -> as.secrets().inNamespace(NS).list());
            assertForbidden("writing a batch's status (the operator's)", () -> as.resources(TrialBatch.class)
                    .inNamespace(NS).withName("rbac-a-b0").editStatus(b -> b));
        }
    }
}
