package dev.nos.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.nos.kubernetes.OptimizerSearch;
import dev.nos.kubernetes.OptimizerSearchSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Helm chart {@code charts/nos}, rendered by Helm 3.16.4 (helm-java) without a cluster: it lints strictly, and its
 * default and non-default values ({@code src/test/resources/helm/non-default-values.yaml}: namespaced mode,
 * ServiceMonitor, PodMonitor and dashboard on, custom images, resources and scheduling) render the objects expected.
 * Installing it on a real API server: {@link HelmInstallTest}; the pods' security settings: {@link PodSecurityTest}.
 */
class HelmChartTest {
    private static final String NS = "nos-system";

    /**
     * What the operator does, as {@code group/resource verb}: its informers, status patches, the objects it creates
     * and deletes (OptimizerSearchReconciler, TrialBatchReconciler, ControllerResources, NosOperator), plus what it
     * must hold to grant it in a controller's Role (RBAC's escalation check), checked against
     * {@link ControllerResources#role} below.
     */
    static final Set<String> OPERATOR_PERMISSIONS = new TreeSet<>(List.of(
            "nos.dev/optimizersearches get", "nos.dev/optimizersearches list", "nos.dev/optimizersearches watch",
            "nos.dev/optimizersearches/status get", "nos.dev/optimizersearches/status patch",
            "nos.dev/trialbatches get", "nos.dev/trialbatches list", "nos.dev/trialbatches watch",
            "nos.dev/trialbatches delete", "nos.dev/trialbatches create", "nos.dev/trialbatches patch",
            "nos.dev/trialbatches update", "nos.dev/trialbatches/status patch",
            "batch/jobs get", "batch/jobs list", "batch/jobs watch", "batch/jobs create", "batch/jobs deletecollection",
            "/pods get", "/pods list", "/pods watch",
            "/serviceaccounts create", "/persistentvolumeclaims create",
            "rbac.authorization.k8s.io/roles create", "rbac.authorization.k8s.io/rolebindings create"));

    @Test
    void lintsStrictly() {
        LintResult lint = new Helm(Charts.NOS).lint().strict().call();
        assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
    }

    @Test
    void theCrdsAreTheGeneratedOnes() throws Exception {
        // charts/nos/crds is a link to crds/, which the CRD generator writes (CrdsUpToDateTest): the same files
        Path link = Charts.NOS.resolve("crds");
        assertTrue(Files.isSymbolicLink(link), link + " should be a link to ../../crds");
        assertEquals(Path.of("..", "crds").toRealPath(), link.toRealPath());
        // Helm follows it: the packaged chart holds both CRDs (template does not render crds/, show crds does)
        String crds = new Helm(Charts.NOS).show().crds().call();
        for (String file : List.of("optimizersearches.nos.dev-v1.yml", "trialbatches.nos.dev-v1.yml")) {
            assertTrue(crds.contains(Files.readString(Path.of("..", "crds", file)).strip()), file);
        }
    }

    @Test
    void defaultValues() {
        List<HasMetadata> objects = Charts.render("nos", NS, null);
        assertEquals(Set.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Service", "Deployment"),
                objects.stream().map(HasMetadata::getKind).collect(Collectors.toSet()));

        Deployment d = single(objects, Deployment.class);
        assertEquals("nos", d.getMetadata().getName());
        assertEquals(NS, d.getMetadata().getNamespace());
        assertEquals(1, d.getSpec().getReplicas(), "one operator: no leader election");
        assertEquals("Recreate", d.getSpec().getStrategy().getType());
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("nos-operator:0.1.0", c.getImage());
        assertEquals("IfNotPresent", c.getImagePullPolicy());
        assertEquals(Map.of("NOS_CONTROLLER_IMAGE", "nos-controller:0.1.0", "NOS_WORKER_IMAGE", "nos-worker:0.1.0",
                "NOS_METRICS_PORT", "8080", "NOS_WATCH_NAMESPACES", ""), env(c));
        assertTrue(c.getArgs() == null || c.getArgs().isEmpty());
        assertEquals("metrics", c.getPorts().get(0).getName());
        assertEquals(8080, c.getPorts().get(0).getContainerPort());
        assertEquals("/metrics", c.getLivenessProbe().getHttpGet().getPath());
        assertEquals("metrics", c.getLivenessProbe().getHttpGet().getPort().getStrVal());
        assertEquals("/metrics", c.getReadinessProbe().getHttpGet().getPath());
        assertEquals(new Quantity("256Mi"), c.getResources().getRequests().get("memory"));

        ServiceAccount sa = single(objects, ServiceAccount.class);
        assertEquals(sa.getMetadata().getName(), d.getSpec().getTemplate().getSpec().getServiceAccountName());
        ClusterRole role = single(objects, ClusterRole.class);
        assertEquals(OPERATOR_PERMISSIONS, permissions(role.getRules()));
        ClusterRoleBinding binding = single(objects, ClusterRoleBinding.class);
        assertEquals(role.getMetadata().getName(), binding.getRoleRef().getName());
        assertEquals("ClusterRole", binding.getRoleRef().getKind());
        assertEquals(sa.getMetadata().getName(), binding.getSubjects().get(0).getName());
        assertEquals(NS, binding.getSubjects().get(0).getNamespace());

        Service svc = single(objects, Service.class);
        assertEquals("metrics", svc.getSpec().getPorts().get(0).getName());
        assertEquals("metrics", svc.getSpec().getPorts().get(0).getTargetPort().getStrVal());
        assertEquals(d.getSpec().getSelector().getMatchLabels(), svc.getSpec().getSelector());
        for (HasMetadata o : objects) {
            assertEquals("nos", o.getMetadata().getLabels().get("app.kubernetes.io/instance"), o.getKind());
            assertEquals("Helm", o.getMetadata().getLabels().get("app.kubernetes.io/managed-by"), o.getKind());
        }
    }

    @Test
    void nonDefaultValues() throws Exception {
        List<HasMetadata> objects = Charts.render("ml", NS, Charts.nonDefaultValues());
        assertEquals(List.of(), Charts.ofKind(objects, ClusterRole.class), "namespaced mode: no ClusterRole");
        assertEquals(List.of(), Charts.ofKind(objects, ClusterRoleBinding.class));

        Deployment d = single(objects, Deployment.class);
        assertEquals("ml-nos", d.getMetadata().getName());
        var pod = d.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        assertEquals("registry.example.com/nos/operator:1.2.3", c.getImage());
        assertEquals("Always", c.getImagePullPolicy());
        assertEquals(Map.of("NOS_CONTROLLER_IMAGE", "registry.example.com/nos/controller:1.2.4",
                "NOS_WORKER_IMAGE", "registry.example.com/nos/worker:1.2.5", "NOS_METRICS_PORT", "9090",
                "NOS_WATCH_NAMESPACES", "team-a,team-b", "JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75",
                "NOS_WORKER_RESOURCES", "{\"limits\":{\"memory\":\"4Gi\"},\"requests\":{\"cpu\":\"2\",\"memory\":\"3Gi\"}}"),
                env(c));
        var workerResources = NosOperator.workerResources(env(c));
        assertEquals(new Quantity("3Gi"), workerResources.getRequests().get("memory"), "the operator reads it back");
        assertEquals(new Quantity("4Gi"), workerResources.getLimits().get("memory"));
        assertEquals(9090, c.getPorts().get(0).getContainerPort());
        assertEquals(new Quantity("1"), c.getResources().getLimits().get("cpu"));
        assertEquals(new Quantity("1Gi"), c.getResources().getLimits().get("memory"));
        assertEquals("registry-credentials", pod.getImagePullSecrets().get(0).getName());
        assertEquals("nos-critical", pod.getPriorityClassName());
        assertEquals(Map.of("kubernetes.io/arch", "amd64"), pod.getNodeSelector());
        assertEquals("dedicated", pod.getTolerations().get(0).getKey());
        assertEquals("node-role.example.com/ml", pod.getAffinity().getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().get(0)
                .getMatchExpressions().get(0).getKey());
        assertEquals(10001L, pod.getSecurityContext().getRunAsUser());
        assertEquals("ml-platform", d.getSpec().getTemplate().getMetadata().getAnnotations().get("example.com/owner"));
        assertEquals("nos-operator", pod.getServiceAccountName());
        assertEquals("nos-operator", single(objects, ServiceAccount.class).getMetadata().getName());

        // a Role and a RoleBinding in each watched namespace, for the operator's ServiceAccount in the release's
        List<Role> roles = Charts.ofKind(objects, Role.class);
        assertEquals(Set.of("team-a", "team-b"), roles.stream().map(r -> r.getMetadata().getNamespace())
                .collect(Collectors.toSet()));
        roles.forEach(r -> assertEquals(OPERATOR_PERMISSIONS, permissions(r.getRules())));
        List<RoleBinding> bindings = Charts.ofKind(objects, RoleBinding.class);
        assertEquals(2, bindings.size());
        for (RoleBinding b : bindings) {
            assertEquals("Role", b.getRoleRef().getKind());
            assertEquals("nos-operator", b.getSubjects().get(0).getName());
            assertEquals(NS, b.getSubjects().get(0).getNamespace());
        }

        Service svc = single(objects, Service.class);
        assertEquals(9090, svc.getSpec().getPorts().get(0).getPort());

        // the ServiceMonitor: Prometheus selects it by its release label; it scrapes the Service's port "metrics"
        GenericKubernetesResource sm = (GenericKubernetesResource) Charts.ofKind(objects, "ServiceMonitor").get(0);
        assertEquals("monitoring.coreos.com/v1", sm.getApiVersion());
        assertEquals("prom", sm.getMetadata().getLabels().get("release"));
        assertEquals("ml", sm.getMetadata().getLabels().get("team"));
        Map<String, Object> endpoint = endpoints(sm).get(0);
        assertEquals("metrics", endpoint.get("port"));
        assertEquals("/metrics", endpoint.get("path"));
        assertEquals("15s", endpoint.get("interval"));
        assertEquals("10s", endpoint.get("scrapeTimeout"));
        assertTrue(svc.getMetadata().getLabels().entrySet().containsAll(selector(sm).entrySet()),
                "the ServiceMonitor selects the Service");

        GenericKubernetesResource pm = (GenericKubernetesResource) Charts.ofKind(objects, "PodMonitor").get(0);
        assertEquals("prom", pm.getMetadata().getLabels().get("release"));
        assertEquals(Map.of(ControllerResources.ROLE_LABEL, ControllerResources.CONTROLLER_ROLE), selector(pm));
        assertEquals(Map.of("matchNames", List.of("team-a", "team-b")),
                ((Map<?, ?>) pm.getAdditionalProperties().get("spec")).get("namespaceSelector"));

        // the dashboard: labelled for Grafana's sidecar, the file verbatim, valid JSON
        ConfigMap dashboard = single(objects, ConfigMap.class);
        assertEquals("monitoring", dashboard.getMetadata().getNamespace());
        assertEquals("1", dashboard.getMetadata().getLabels().get("grafana_dashboard"));
        assertEquals("nos", dashboard.getMetadata().getAnnotations().get("grafana_folder"));
        String json = dashboard.getData().get("nos-search.json");
        assertEquals(Files.readString(Charts.NOS.resolve("dashboards/nos-search.json")).strip(), json.strip());
        JsonNode parsed = new ObjectMapper().readTree(json);
        assertTrue(parsed.has("title") && parsed.has("panels"), json);
    }

    @Test
    void theOperatorHoldsEveryPermissionItGrantsAController() {
        OptimizerSearch s = new OptimizerSearch();
        s.setMetadata(new ObjectMetaBuilder().withName("s").withNamespace("team-a").withUid("u").build());
        s.setSpec(new OptimizerSearchSpec());
        Set<String> granted = permissions(ControllerResources.role(s).getRules());
        assertTrue(OPERATOR_PERMISSIONS.containsAll(granted), "granted and not held: "
                + granted.stream().filter(p -> !OPERATOR_PERMISSIONS.contains(p)).toList());
    }

    @Test
    void optionalPartsAreOffByDefaultAndRbacCanBeLeftOut() {
        List<HasMetadata> objects = Charts.render("nos", NS, null);
        assertEquals(List.of(), Charts.ofKind(objects, "ServiceMonitor"));
        assertEquals(List.of(), Charts.ofKind(objects, "PodMonitor"));
        assertEquals(List.of(), Charts.ofKind(objects, ConfigMap.class));
        var pod = single(objects, Deployment.class).getSpec().getTemplate().getSpec();
        assertTrue(pod.getNodeSelector() == null || pod.getNodeSelector().isEmpty());
        assertTrue(pod.getTolerations() == null || pod.getTolerations().isEmpty());
        assertNull(pod.getAffinity());

        List<HasMetadata> noRbac = Charts.parse(Charts.template("nos", NS, null, Map.of("rbac.create", false)));
        assertEquals(Set.of("ServiceAccount", "Service", "Deployment"),
                noRbac.stream().map(HasMetadata::getKind).collect(Collectors.toSet()));
    }

    /** Each rule's resources and verbs, as {@code group/resource verb} (resourceNames dropped: a wider grant). */
    static Set<String> permissions(List<PolicyRule> rules) {
        Set<String> out = new TreeSet<>();
        for (PolicyRule r : rules) {
            for (String g : r.getApiGroups()) {
                for (String res : r.getResources()) {
                    for (String v : r.getVerbs()) {
                        out.add(g + "/" + res + " " + v);
                    }
                }
            }
        }
        return out;
    }

    static Map<String, String> env(Container c) {
        return c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e.getValue() == null ? "" : e.getValue()));
    }

    static <T extends HasMetadata> T single(List<HasMetadata> objects, Class<T> type) {
        List<T> of = Charts.ofKind(objects, type);
        assertEquals(1, of.size(), type.getSimpleName() + ": " + of);
        return of.get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> endpoints(GenericKubernetesResource monitor) {
        return (List<Map<String, Object>>) ((Map<String, Object>) monitor.getAdditionalProperties().get("spec"))
                .get("endpoints");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> selector(GenericKubernetesResource monitor) {
        return (Map<String, String>) ((Map<String, Object>) ((Map<String, Object>) monitor.getAdditionalProperties()
                .get("spec")).get("selector")).get("matchLabels");
    }
}
