package dev.nos.kubernetes;

import dev.nos.rule.Rule;
import dev.nos.trial.TrialRecord;
import dev.nos.trial.TrialRequest;
import dev.nos.trial.TrialStatus;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * nos's CRDs on a real API server (1.20.2): the example applies with a real kubectl, the schema itself refuses bad
 * specs naming the field, {@code kubectl get osearch} shows the printer columns from the status, and a
 * {@code TrialBatch} carries requests and records verbatim.
 */
class ResourcesOnTheApiServerTest {
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

    private static String yaml(String name, String specYaml) {
        return "apiVersion: nos.dev/v1alpha1\nkind: OptimizerSearch\nmetadata:\n  name: " + name + "\nspec:\n"
                + specYaml;
    }

    private static OptimizerSearch search(String name, String specYaml) {
        return Serialization.unmarshal(yaml(name, specYaml), OptimizerSearch.class);
    }

    @Test
    void theQuickExampleAppliesWithKubectlAndReadsBackAsItsSettings() throws Exception {
        TestApiServer.Kubectl apply = api.kubectl("apply", "-n", NS, "-f", Path.of("../examples/quick-search.yaml")
                .toAbsolutePath().toString());
        assertEquals(0, apply.exitCode(), apply.output());
        OptimizerSearch stored = api.client().resources(OptimizerSearch.class).inNamespace(NS).withName("quick").get();
        assertEquals(3, stored.getSpec().getParallelism());
        assertEquals(ChildPreset.QUICK, stored.getSpec().getChild().getPreset());
        assertEquals(SpecSettings.of(Serialization.unmarshal(Files.readString(Path.of("../examples/quick-search.yaml")),
                OptimizerSearch.class).getSpec()), SpecSettings.of(stored.getSpec()));
    }

    /** Every OptimizerSearch under examples/: the schema accepts it, and what is stored is a search that can run. */
    @Test
    void everyExampleAppliesAndIsAValidSearch() throws Exception {
        List<Path> examples;
        try (var files = Files.list(Path.of("../examples"))) {
            examples = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(examples.size() >= 3, "the quick, paper and custom-space examples: " + examples);
        String ns = "examples";
        api.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .serverSideApply();
        for (Path example : examples) {
            TestApiServer.Kubectl apply = api.kubectl("apply", "-n", ns, "-f", example.toAbsolutePath().toString());
            assertEquals(0, apply.exitCode(), example + ": " + apply.output());
            OptimizerSearch given = Serialization.unmarshal(Files.readString(example), OptimizerSearch.class);
            OptimizerSearch stored = api.client().resources(OptimizerSearch.class).inNamespace(ns)
                    .withName(given.getMetadata().getName()).get();
            assertEquals(SpecSettings.of(given.getSpec()), SpecSettings.of(stored.getSpec()),
                    example + " reads back as the same search");
        }
    }

    @Test
    void theSchemaRefusesBadSpecsNamingTheField() throws Exception {
        String[][] cases = {
                {"parallelism: 0", "spec.parallelism"},
                {"searcher: genetic", "spec.searcher"},
                {"space: huge:9", "spec.space"},
                {"trials: 0", "spec.trials"},
                {"time: soon", "spec.time"},
                {"child:\n    preset: tiny", "spec.child.preset"},
                {"child:\n    dataset: mnist-9", "spec.child.dataset"},
                {"controllerLearningRate: 0", "spec.controllerLearningRate"},
                {"customSpace:\n    groups: 5", "spec.customSpace.groups"},
                {"customSpace:\n    constraints: [unique]", "spec.customSpace.constraints"},
        };
        int i = 0;
        for (String[] c : cases) {
            TestApiServer.Kubectl apply = api.kubectlWithInput(yaml("bad-" + i++, "  " + c[0] + "\n"), "apply", "-n", NS,
                    "-f", "-");
            assertEquals(1, apply.exitCode(), c[0] + ": " + apply.output());
            assertTrue(apply.output().contains("is invalid") && apply.output().contains(c[1]),
                    c[0] + " should be refused naming " + c[1] + ": " + apply.output());
        }
        // the same through the Java client: HTTP 422
        OptimizerSearch bad = search("bad-java", "  parallelism: 0\n");
        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> api.client().resource(bad).inNamespace(NS).create());
        assertEquals(422, e.getCode(), e.getMessage());
        assertTrue(e.getMessage().contains("spec.parallelism"), e.getMessage());
    }

    @Test
    void kubectlGetShowsPhaseProgressBestRewardAndRule() throws Exception {
        OptimizerSearch s = api.client().resource(search("shown", "  trials: 150\n")).inNamespace(NS).create();
        OptimizerSearchStatus status = new OptimizerSearchStatus();
        status.setPhase(SearchPhase.Running);
        status.setProgress("37/150");
        status.setBest(new RankedRule(12, 0.8125, "exp(sign(g) * sign(m)) * g", 0.01));
        s.setStatus(status);
        api.client().resource(s).inNamespace(NS).updateStatus();

        TestApiServer.Kubectl get = api.kubectl("get", "osearch", "shown", "-n", NS);
        assertEquals(0, get.exitCode(), get.output());
        String[] lines = get.output().strip().split("\n");
        // the CRD generator orders the columns by their JSON path, so AGE (.metadata) comes first
        assertEquals(java.util.Set.of("NAME", "PHASE", "TRIALS", "BEST", "RULE", "AGE"),
                java.util.Set.of(lines[0].trim().split("\\s+")), get.output());
        assertTrue(lines[0].startsWith("NAME"), get.output());
        assertTrue(lines[1].startsWith("shown"), get.output());
        for (String shown : List.of("Running", "37/150", "0.8125", "exp(sign(g) * sign(m)) * g")) {
            assertTrue(lines[1].contains(shown), shown + " in " + get.output());
        }
    }

    @Test
    void aTrialBatchCarriesRequestsAndRecordsVerbatim() {
        Rule powerSign = Rule.parseInfix("exp(sign(g) * sign(m)) * g");
        TrialRequest request = TrialRequest.child(41, powerSign, 1, 0, "quick", null, "fashion-mnist", null);
        TrialBatch batch = new TrialBatch();
        batch.setMetadata(new ObjectMetaBuilder().withName("quick-b41").build());
        TrialBatchSpec spec = new TrialBatchSpec();
        spec.setSearch("quick");
        spec.setRequests(List.of(request, TrialRequest.synthetic(42, Rule.parseInfix("g"), 1)));
        batch.setSpec(spec);
        TrialBatch created = api.client().resource(batch).inNamespace(NS).create();
        assertEquals(spec.getRequests(), created.getSpec().getRequests(), "requests stored verbatim");

        TrialRecord record = new TrialRecord(41L, powerSign.infix(), powerSign.infix(), powerSign.tokens(), 0.7965,
                0.01, java.util.Map.of("0.001", 0.71, "0.01", 0.79, "0.1", 0.1), TrialStatus.OK, null, 4.2, 1, "quick",
                null, List.of(0.75, 0.7965));
        TrialBatchStatus status = new TrialBatchStatus();
        status.setRecords(List.of(record));
        created.setStatus(status);
        api.client().resource(created).inNamespace(NS).updateStatus();
        TrialBatch read = api.client().resources(TrialBatch.class).inNamespace(NS).withName("quick-b41").get();
        assertEquals(List.of(record), read.getStatus().getRecords(), "records stored verbatim");
    }
}
