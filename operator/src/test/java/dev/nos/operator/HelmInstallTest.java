package dev.nos.operator;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;
import dev.nos.kubernetes.OptimizerSearch;
import dev.nos.kubernetes.OptimizerSearchSpec;
import dev.nos.kubernetes.Reward;
import dev.nos.kubernetes.SearchPhase;
import dev.nos.kubernetes.TestApiServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Helm chart installed on a real API server (1.20.2) by Helm 3.16.4 (helm-java), then the operator run in this
 * process as the installed Deployment would run it: with the installed container's environment and a real token of
 * the installed ServiceAccount (TokenRequest API), so that the chart's RBAC is what the API server enforces. A
 * synthetic search then runs to {@code Succeeded}, its controller and worker pods run by the test's {@link JobRunner}
 * (TEST CODE: nothing starts pods on this server, so the installed Deployment's own pod never runs, and Helm is not
 * asked to wait for it). Both modes: cluster-wide (ClusterRole) and namespaced ({@code watchNamespaces}: a Role in
 * each watched namespace; the operator watches only those). Every Job the operator creates passes
 * {@link PodSecurityTest#assertRestricted}.
 */
class HelmInstallTest {
    private static final int TRIALS = 16;
    private static TestApiServer api;

    @BeforeAll
    static void start() throws Exception {
        api = TestApiServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void clusterWideInstallRunsASearchUnderTheChartsRbac(@TempDir Path volumes) throws Exception {
        Release release = install("nos", "nos-system", null);
        assertEquals("deployed", release.getStatus());
        namespace("searches");
        Deployment d = api.client().apps().deployments().inNamespace("nos-system").withName("nos").get();
        Map<String, String> env = env(d);
        assertEquals(Map.of("NOS_CONTROLLER_IMAGE", "nos-controller:0.1.0", "NOS_WORKER_IMAGE", "nos-worker:0.1.0",
                "NOS_METRICS_PORT", "8080", "NOS_WATCH_NAMESPACES", ""), env);
        String sa = d.getSpec().getTemplate().getSpec().getServiceAccountName();
        try (KubernetesClient operatorClient = api.clientAs("nos-system", sa)) {
            // the chart's rights, and no more: no Secrets, no Deployments
            assertForbidden(() -> operatorClient.secrets().inNamespace("searches").list());
            assertForbidden(() -> operatorClient.apps().deployments().inNamespace("nos-system").list());
        }
        runSearch(d, "nos-system", "searches", "cluster-wide", volumes);
    }

    @Test
    void namespacedInstallWatchesOnlyItsNamespaces(@TempDir Path volumes) throws Exception {
        namespace("team-a");
        namespace("elsewhere");
        install("ml", "ml-system", "watchNamespaces: [team-a]\nworkerResources: {requests: {cpu: 500m}}\n");
        Deployment d = api.client().apps().deployments().inNamespace("ml-system").withName("ml-nos").get();
        assertEquals("team-a", env(d).get("NOS_WATCH_NAMESPACES"));
        String sa = d.getSpec().getTemplate().getSpec().getServiceAccountName();
        try (KubernetesClient operatorClient = api.clientAs("ml-system", sa)) {
            // namespaced RBAC: team-a only
            operatorClient.resources(OptimizerSearch.class).inNamespace("team-a").list();
            assertForbidden(() -> operatorClient.resources(OptimizerSearch.class).inAnyNamespace().list());
            assertForbidden(() -> operatorClient.resources(OptimizerSearch.class).inNamespace("elsewhere").list());
            assertForbidden(() -> operatorClient.batch().v1().jobs().inNamespace("elsewhere").list());
        }
        // a search outside the watched namespaces is left alone (created first: it is there when the operator starts)
        api.client().resource(search("elsewhere", "ignored")).inNamespace("elsewhere").create();
        runSearch(d, "ml-system", "team-a", "namespaced", volumes);
        OptimizerSearch ignored = api.client().resources(OptimizerSearch.class).inNamespace("elsewhere")
                .withName("ignored").get();
        assertNull(ignored.getStatus(), "a search in a namespace the operator does not watch");
        assertEquals(List.of(), api.client().batch().v1().jobs().inNamespace("elsewhere").list().getItems());
        // gone before a cluster-wide operator (the other test) could take it up
        api.client().resources(OptimizerSearch.class).inNamespace("elsewhere").withName("ignored").delete();

        // helm upgrade to a second namespace: its Role appears, the operator's environment follows
        namespace("team-b");
        Path values = values("watchNamespaces: [team-a, team-b]\n");
        Release upgraded = new Helm(Charts.NOS).upgrade().withName("ml").withNamespace("ml-system")
                .withValuesFile(values).withKubeConfig(api.kubeconfig()).call();
        assertEquals("2", upgraded.getRevision());
        assertEquals("team-a,team-b", env(api.client().apps().deployments().inNamespace("ml-system")
                .withName("ml-nos").get()).get("NOS_WATCH_NAMESPACES"));
        assertTrue(api.client().rbac().roles().inNamespace("team-b").withName("ml-nos").get() != null);
        // helm uninstall: the operator's objects go, the CRDs (and so every search) stay
        Helm.uninstall("ml").withNamespace("ml-system").withKubeConfig(api.kubeconfig()).call();
        assertNull(api.client().apps().deployments().inNamespace("ml-system").withName("ml-nos").get());
        assertNull(api.client().rbac().roles().inNamespace("team-a").withName("ml-nos").get());
        assertNull(api.client().serviceAccounts().inNamespace("ml-system").withName("ml-nos").get());
        assertTrue(api.client().apiextensions().v1().customResourceDefinitions().withName("optimizersearches.nos.dev")
                .get() != null, "Helm never deletes the CRDs of crds/");
        assertTrue(api.client().resources(OptimizerSearch.class).inNamespace("team-a").withName("namespaced").get()
                != null, "nor the searches");
    }

    /**
     * Starts the operator from the installed Deployment {@code d} (its container's environment, its ServiceAccount's
     * token), runs a synthetic search in {@code ns} to {@code Succeeded}, and checks every Job the operator created.
     */
    private static void runSearch(Deployment d, String releaseNs, String ns, String name, Path volumes)
            throws Exception {
        Map<String, String> env = new HashMap<>(env(d));
        env.put("NOS_METRICS_PORT", "0"); // the chart's 8080 is the pod's; this process takes any free port
        String sa = d.getSpec().getTemplate().getSpec().getServiceAccountName();
        List<Job> created = new CopyOnWriteArrayList<>();
        SharedIndexInformer<Job> jobs = api.client().batch().v1().jobs().inNamespace(ns)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Job job) {
                        created.add(job);
                    }

                    @Override
                    public void onUpdate(Job o, Job n) {
                    }

                    @Override
                    public void onDelete(Job job, boolean unknown) {
                    }
                });
        try (NosOperator operator = NosOperator.start(api.clientAs(releaseNs, sa), env, true);
             JobRunner kubelet = new JobRunner(api.client(), ns, (job, attempt) -> false)
                     .runControllers(ns, controllerSa -> api.clientAs(ns, controllerSa), volumes)) {
            api.client().resource(search(ns, name)).inNamespace(ns).create();
            OptimizerSearch done;
            try {
                done = api.client().resources(OptimizerSearch.class).inNamespace(ns).withName(name)
                        .waitUntilCondition(s -> s != null && s.getStatus() != null && (s.getStatus().getPhase()
                                == SearchPhase.Succeeded || s.getStatus().getPhase() == SearchPhase.Failed),
                                3, TimeUnit.MINUTES);
            } catch (KubernetesClientTimeoutException e) {
                throw new AssertionError("the search did not end; what the API holds:\n"
                        + api.kubectl("get", "osearch,trialbatches,jobs,pods", "-n", ns, "-o", "wide").output()
                        + api.kubectl("get", "osearch", name, "-n", ns, "-o", "yaml").output(), e);
            }
            assertEquals(SearchPhase.Succeeded, done.getStatus().getPhase(), "conditions: "
                    + done.getStatus().getConditions());
            assertEquals(TRIALS + "/" + TRIALS, done.getStatus().getProgress());
            // the controller's pod ends once, exit 0 (its thread may record it just after the search's end)
            for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                 kubelet.controllerExits().isEmpty() && System.nanoTime() < until; ) {
                Thread.sleep(50);
            }
            assertEquals(List.of(0), kubelet.controllerExits());
            // no reconcile of the operator failed (a 403 would have failed one)
            String metrics = OptimizerSearchEndToEndTest.scrape(operator.metricsPort());
            double failed = 0;
            for (String line : metrics.split("\n")) {
                if (line.startsWith("operator_sdk_reconciliations_failed_total")) {
                    failed += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            assertEquals(0, failed, metrics);
        } finally {
            jobs.close();
        }
        // the Jobs the operator created: the controller's and the workers', from the chart's images, locked down
        long workers = created.stream().filter(j -> j.getMetadata().getLabels().containsKey(WorkerJob.BATCH_LABEL))
                .count();
        assertTrue(workers > 0 && workers <= TRIALS, "worker Jobs: " + workers);
        assertEquals(1, created.size() - workers, "one controller Job");
        for (Job j : created) {
            var pod = j.getSpec().getTemplate().getSpec();
            boolean worker = j.getMetadata().getLabels().containsKey(WorkerJob.BATCH_LABEL);
            assertEquals(env.get(worker ? "NOS_WORKER_IMAGE" : "NOS_CONTROLLER_IMAGE"),
                    pod.getContainers().get(0).getImage(), j.getMetadata().getName());
            if (worker) { // the chart's workerResources, if set, through NOS_WORKER_RESOURCES (none: the server's {})
                var expected = NosOperator.workerResources(env);
                assertEquals(expected == null ? new io.fabric8.kubernetes.api.model.ResourceRequirements() : expected,
                        pod.getContainers().get(0).getResources(), j.getMetadata().getName());
            }
            PodSecurityTest.assertRestricted(pod, "Job " + j.getMetadata().getName() + " created by the operator");
        }
    }

    private static OptimizerSearch search(String ns, String name) {
        OptimizerSearchSpec spec = new OptimizerSearchSpec();
        spec.setReward(Reward.SYNTHETIC);
        spec.setTrials((long) TRIALS);
        spec.setParallelism(2);
        OptimizerSearch s = new OptimizerSearch();
        s.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        s.setSpec(spec);
        return s;
    }

    /** {@code helm install <release> charts/nos -n <namespace> --create-namespace [-f values]}, without waiting. */
    private static Release install(String release, String namespace, String values) throws Exception {
        InstallCommand install = new Helm(Charts.NOS).install().withName(release).withNamespace(namespace)
                .createNamespace().withKubeConfig(api.kubeconfig());
        if (values != null) {
            install = install.withValuesFile(values(values));
        }
        Release r = install.call();
        // Helm creates the CRDs from the chart's crds/ (a first install) before the rest
        for (String crd : List.of("optimizersearches.nos.dev", "trialbatches.nos.dev")) {
            api.client().apiextensions().v1().customResourceDefinitions().withName(crd)
                    .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
                            && c.getStatus().getConditions().stream().anyMatch(k -> k.getType().equals("Established")
                            && k.getStatus().equals("True")), 30, TimeUnit.SECONDS);
        }
        return r;
    }

    /** A values file holding {@code yaml} (helm-java's {@code set} passes a list as a string). */
    private static Path values(String yaml) throws java.io.IOException {
        Path file = Files.createTempFile("nos-values", ".yaml");
        Files.writeString(file, yaml);
        file.toFile().deleteOnExit();
        return file;
    }

    private static void namespace(String name) {
        api.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata()
                .build()).createOr(n -> n.update());
    }

    private static Map<String, String> env(Deployment d) {
        return HelmChartTest.env(d.getSpec().getTemplate().getSpec().getContainers().get(0));
    }

    private static void assertForbidden(org.junit.jupiter.api.function.Executable call) {
        KubernetesClientException e = assertThrows(KubernetesClientException.class, call);
        assertEquals(403, e.getCode(), e.getMessage());
    }
}
