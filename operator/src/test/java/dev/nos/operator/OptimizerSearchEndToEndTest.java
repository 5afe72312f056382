package dev.nos.operator;

import dev.nos.data.DatasetSpec;
import dev.nos.engine.FolderStore;
import dev.nos.engine.TrialEntry;
import dev.nos.kubernetes.OptimizerSearch;
import dev.nos.kubernetes.OptimizerSearchStatus;
import dev.nos.kubernetes.SearchPhase;
import dev.nos.kubernetes.TestApiServer;
import dev.nos.kubernetes.TestApiServer.Kubectl;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's search, end to end on a real API server (1.20.2) with a real kubectl: the CRDs and
 * {@code examples/quick-search.yaml} (the quick child on Fashion-MNIST, 20 trials, 3 workers) are applied with
 * {@code kubectl apply -f}; the operator creates the controller, whose pod (run by the test's {@link JobRunner} with
 * its own ServiceAccount's token) publishes batches, whose worker Jobs train the rules; the search ends
 * {@code Succeeded}, {@code kubectl get osearch} shows its best rule, every trial is recorded once, and the operator's
 * {@code /metrics} counts what the status says (and forgets the search once it is deleted).
 */
class OptimizerSearchEndToEndTest {
    private static final String NS = "default";

    @Test
    void aQuickSearchAppliedWithKubectlRunsToSucceeded(@TempDir Path volumes) throws Exception {
        // the workers train on the real Fashion-MNIST: fail, never skip, without it (.ci/run installs it)
        Path debian = Path.of("/usr/share/datasets/fashion-mnist");
        assertTrue(DatasetSpec.FASHION_MNIST.isCompleteIn(debian), "this test trains on the real Fashion-MNIST,"
                + " missing from " + debian + ": " + DatasetSpec.FASHION_MNIST.installHint());
        try (TestApiServer api = TestApiServer.start()) {
            assertKubectl(api, "apply", "-f", "../crds/");
            assertKubectl(api, "wait", "--for=condition=Established", "--timeout=60s",
                    "crd/optimizersearches.nos.dev", "crd/trialbatches.nos.dev");
            try (NosOperator operator = NosOperator.start(api.client(), Map.of("NOS_METRICS_PORT", "0"), false);
                 JobRunner kubelet = new JobRunner(api.client(), NS, (job, attempt) -> false)
                         .runControllers(NS, sa -> api.clientAs(NS, sa), volumes)) {
                assertKubectl(api, "apply", "-n", NS, "-f", "../examples/quick-search.yaml");
                OptimizerSearch done;
                try {
                    done = api.client().resources(OptimizerSearch.class).inNamespace(NS).withName("quick")
                            .waitUntilCondition(s -> s != null && s.getStatus() != null && (s.getStatus().getPhase()
                                    == SearchPhase.Succeeded || s.getStatus().getPhase() == SearchPhase.Failed),
                                    Long.getLong("nos.e2e.minutes", 10), TimeUnit.MINUTES);
                } catch (KubernetesClientTimeoutException e) {
                    throw new AssertionError("the search did not end; what the API holds:\n"
                            + api.kubectl("get", "osearch,trialbatches,jobs,pods", "-n", NS, "-o", "wide").output()
                            + api.kubectl("get", "osearch", "quick", "-n", NS, "-o", "yaml").output(), e);
                }
                OptimizerSearchStatus status = done.getStatus();
                assertEquals(SearchPhase.Succeeded, status.getPhase(), "conditions: " + status.getConditions());
                assertEquals("20/20", status.getProgress());

                // kubectl shows the printer columns, the best rule among them
                String table = assertKubectl(api, "get", "osearch", "quick", "-n", NS);
                assertTrue(table.contains("PHASE") && table.contains("TRIALS") && table.contains("RULE"), table);
                assertTrue(table.contains("Succeeded") && table.contains("20/20"), table);
                assertTrue(table.contains(status.getBest().getRule()), table);

                // every trial recorded once: the controller's log holds 20 distinct trials, and the status counts
                // exactly the trained ones
                List<TrialEntry> log;
                try (FolderStore store = FolderStore.open(volumes.resolve("quick-controller"))) {
                    log = store.readTrials();
                    assertEquals(List.of(), store.readPending());
                }
                Set<Long> ids = new HashSet<>();
                log.forEach(e -> assertTrue(ids.add(e.id()), "trial " + e.id() + " recorded once"));
                long trained = log.stream().filter(e -> !e.cached()).count();
                assertEquals(20, trained, "the budget: 20 rules trained");
                var counts = status.getTrials();
                assertEquals(trained, counts.getOk() + counts.getDiverged() + counts.getFailed());
                assertEquals(log.size() - trained, status.getController().getCacheHits());
                double best = log.stream().filter(e -> e.status() == dev.nos.trial.TrialStatus.OK)
                        .mapToDouble(TrialEntry::reward).max().orElseThrow();
                assertEquals(best, status.getBest().getReward(), 1e-12);
                assertEquals(List.of(0), kubelet.controllerExits(), "the controller pod ended once, exit 0");

                // the status stays as it ended: no batch is folded twice, none later
                OptimizerSearchStatus now = api.client().resources(OptimizerSearch.class).inNamespace(NS)
                        .withName("quick").get().getStatus();
                assertEquals(List.of(counts.getOk(), counts.getDiverged(), counts.getFailed()),
                        List.of(now.getTrials().getOk(), now.getTrials().getDiverged(), now.getTrials().getFailed()));

                // the operator's /metrics counts what the status says, once its informer has seen the end
                String tags = "namespace=\"default\",search=\"quick\"";
                String ended = "nos_search_phase{namespace=\"default\",phase=\"Succeeded\",search=\"quick\"}";
                String metrics = scrape(operator.metricsPort());
                long seen = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!metrics.contains(ended + " 1.0") && System.nanoTime() < seen) {
                    Thread.sleep(100);
                    metrics = scrape(operator.metricsPort());
                }
                assertEquals(counts.getOk(), value(metrics, "nos_trials_total{" + tags + ",status=\"ok\"}"), metrics);
                assertEquals(counts.getDiverged(), value(metrics, "nos_trials_total{" + tags + ",status=\"diverged\"}"));
                assertEquals(best, value(metrics, "nos_search_best_reward{" + tags + "}"), 1e-9);
                assertEquals(1, value(metrics, ended));
                assertEquals(counts.getOk(), value(metrics, "nos_trial_reward_count{" + tags + "}"));
                assertTrue(metrics.contains("operator_sdk_reconciliations_started_total"),
                        "the Java Operator SDK's reconcile meters are there too");

                // a deleted search's meters go with it
                assertKubectl(api, "delete", "osearch", "quick", "-n", NS);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (scrape(operator.metricsPort()).contains("search=\"quick\"") && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertTrue(!scrape(operator.metricsPort()).contains("search=\"quick\""), "meters of a deleted search");
            }
        }
    }

    private static String assertKubectl(TestApiServer api, String... args) throws Exception {
        Kubectl k = api.kubectl(args);
        assertEquals(0, k.exitCode(), "kubectl " + String.join(" ", args) + ": " + k.output());
        return k.output();
    }

    static String scrape(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    /** The value of the sample {@code series} (name and labels, as Prometheus prints them) in {@code text}. */
    static double value(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        throw new AssertionError("no " + series + " in\n" + text);
    }
}
