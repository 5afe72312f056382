package dev.nos.operator;

import dev.nos.kubernetes.KubernetesExecutor;
import dev.nos.kubernetes.OptimizerSearch;
import dev.nos.kubernetes.OptimizerSearchSpec;
import dev.nos.kubernetes.Reward;
import dev.nos.kubernetes.TestApiServer;
import dev.nos.kubernetes.TrialBatch;
import dev.nos.rule.Rule;
import dev.nos.trial.TrialRecord;
import dev.nos.trial.TrialRequest;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * BENCHMARK, not a test (docs/benchmarks.md): the per-trial cost of the Kubernetes protocol on a real API server
 * (1.20.2). A batch of W requests is published as the controller publishes it ({@link KubernetesExecutor}); the
 * operator creates W worker Jobs; the test's {@link JobRunner} runs each pod (it works {@code workMillis}, then runs
 * the synthetic trial) and writes pod and Job status as the kubelet and the Job controller would; the operator copies
 * each record from the termination message into the batch; the executor sees them. Overhead = the batch's round
 * trip minus the workers' own time, for W = 1, 10, 50 workers reporting at once; and the API requests per trial of
 * each party (counted in each party's own client), the stand-ins for the kubelet and the Job controller apart.
 *
 * <pre>
 * ./mvnw -B -q -o test-compile -pl core,child,search,kubernetes,controller-image,operator
 * ./mvnw -B -q -o exec:java -pl operator -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.nos.operator.OrchestrationOverheadBench -Dexec.args="1,10,50 5 1000"
 * </pre>
 * Arguments: the worker counts, the measured rounds for each (after one warm-up round), each worker's time in ms.
 */
public final class OrchestrationOverheadBench {
    private static final String NS = "default";
    /** A quick trial's time, the yardstick of the goal (under 2% of it at 50 workers). */
    private static final double QUICK_TRIAL_SECONDS = 4.0;

    private OrchestrationOverheadBench() {}

    /** Counts the requests a client sends. */
    private static final class RequestCount implements Interceptor {
        final AtomicLong n = new AtomicLong();

        @Override
        public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
            n.incrementAndGet();
        }
    }

    public static void main(String[] args) throws Exception {
        int[] workers = Arrays.stream((args.length > 0 ? args[0] : "1,10,50").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        long workMillis = args.length > 2 ? Long.parseLong(args[2]) : 1000;
        int most = Arrays.stream(workers).max().orElseThrow();
        RequestCount operatorRequests = new RequestCount();
        RequestCount controllerRequests = new RequestCount();
        RequestCount kubeletRequests = new RequestCount();
        try (TestApiServer api = TestApiServer.start()) {
            api.installCrds();
            Config config = api.client().getConfiguration();
            try (KubernetesClient operatorClient = counted(config, operatorRequests);
                 KubernetesClient controllerClient = counted(config, controllerRequests);
                 KubernetesClient kubeletClient = counted(config, kubeletRequests);
                 NosOperator operator = NosOperator.start(operatorClient, Map.of("NOS_METRICS_PORT", "0"), false);
                 JobRunner kubelet = new JobRunner(kubeletClient, NS, (job, attempt) -> false, most, workMillis)) {
                System.out.printf("orchestration overhead on kube-apiserver 1.20.2, %d rounds, workers' time %d ms,"
                        + " %d cores%n", rounds, workMillis, Runtime.getRuntime().availableProcessors());
                System.out.println("| workers | round trip median s | min s | overhead median s | overhead / 4 s trial"
                        + " | API requests per trial: operator | controller | kubelet+Job controller stand-in |");
                System.out.println("|---|---|---|---|---|---|---|---|");
                long id = 1;
                for (int w : workers) {
                    OptimizerSearch search = search(api, "bench-" + w, w);
                    try (KubernetesExecutor executor = new KubernetesExecutor(controllerClient, search)) {
                        id = round(executor, w, id); // warm-up
                        waitFolded(api, search);
                        long op0 = operatorRequests.n.get(), co0 = controllerRequests.n.get(),
                                ku0 = kubeletRequests.n.get();
                        double[] seconds = new double[rounds];
                        for (int r = 0; r < rounds; r++) {
                            long t0 = System.nanoTime();
                            id = round(executor, w, id);
                            seconds[r] = (System.nanoTime() - t0) / 1e9;
                        }
                        waitFolded(api, search);
                        double trials = (double) w * rounds;
                        Arrays.sort(seconds);
                        double median = seconds[rounds / 2];
                        double overhead = median - workMillis / 1000.0;
                        System.out.printf("| %d | %.3f | %.3f | %.3f | %.1f%% | %.1f | %.1f | %.1f |%n", w, median,
                                seconds[0], overhead, 100 * overhead / QUICK_TRIAL_SECONDS,
                                (operatorRequests.n.get() - op0) / trials, (controllerRequests.n.get() - co0) / trials,
                                (kubeletRequests.n.get() - ku0) / trials);
                    }
                }
            }
        }
        System.exit(0);
    }

    private static KubernetesClient counted(Config config, RequestCount count) {
        return new KubernetesClientBuilder().withConfig(config)
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("nos-bench-count", count)).build();
    }

    private static OptimizerSearch search(TestApiServer api, String name, int workers) {
        OptimizerSearchSpec spec = new OptimizerSearchSpec();
        spec.setReward(Reward.SYNTHETIC);
        spec.setParallelism(workers);
        spec.setBatchSize(workers);
        OptimizerSearch s = new OptimizerSearch();
        s.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        s.setSpec(spec);
        return api.client().resource(s).inNamespace(NS).create();
    }

    /** Publishes one batch of {@code w} requests, waits for every record, marks them logged; returns the next id. */
    private static long round(KubernetesExecutor executor, int w, long firstId) throws Exception {
        List<TrialRequest> batch = new ArrayList<>();
        for (int i = 0; i < w; i++) {
            batch.add(TrialRequest.synthetic(firstId + i, Rule.parse("sign(g) * sign(m)"), firstId + i));
        }
        List<CompletableFuture<TrialRecord>> futures = executor.submit(batch);
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        for (TrialRequest r : batch) {
            executor.logged(r.id());
        }
        return firstId + w;
    }

    /** Waits until the operator has folded and deleted every batch of the search. */
    private static void waitFolded(TestApiServer api, OptimizerSearch search) throws Exception {
        api.client().resources(TrialBatch.class).inNamespace(NS)
                .withLabel(KubernetesExecutor.SEARCH_LABEL, search.getMetadata().getName())
                .informOnCondition(List::isEmpty).get(5, TimeUnit.MINUTES);
    }
}
