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
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.Operator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
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
        operator = new Operator(o -> o.withKubernetesClient(api.client()).withCloseClientOnStop(false));
        operator.register(new OptimizerSearchReconciler("nos-controller:test"));
        operator.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (operator != null) {
            operator.stop();
        }
        if (api != null) {
            api.close();
        }
    }

    private static OptimizerSearch create(String name) {
        OptimizerSearch s = new OptimizerSearch();
        s.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        s.setSpec(new OptimizerSearchSpec());
        return api.client().resource(s).inNamespace(NS).create();
    }

    /** A client holding a real token of the ServiceAccount, and nothing else. */
    private static KubernetesClient clientAs(String serviceAccount) {
        TokenRequest request = api.client().serviceAccounts().inNamespace(NS).withName(serviceAccount)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(600L).endSpec().build());
        Config admin = api.client().getConfiguration();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(admin.getMasterUrl())
                .withCaCertData(admin.getCaCertData()).withCaCertFile(admin.getCaCertFile())
                .withTrustCerts(admin.isTrustCerts()).withNamespace(NS)
                .withOauthToken(request.getStatus().getToken()).build();
        return new KubernetesClientBuilder().withConfig(config).build();
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
