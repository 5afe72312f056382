package dev.nos.controller;

import dev.nos.engine.FolderStore;
import dev.nos.engine.SearchEngine;
import dev.nos.engine.SearchSettings;
import dev.nos.engine.SearchStats;
import dev.nos.kubernetes.InvalidSpecException;
import dev.nos.kubernetes.KubernetesExecutor;
import dev.nos.kubernetes.KubernetesStore;
import dev.nos.kubernetes.OptimizerSearch;
import dev.nos.kubernetes.SearchPhase;
import dev.nos.kubernetes.SpecSettings;
import dev.nos.metrics.MetricsEndpoint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The controller pod: the engine of {@code nos search} for one {@code OptimizerSearch}, with the Kubernetes executor
 * (batches as {@code TrialBatch}es; it creates no Jobs) and the search's folder on the pod's volume. A restarted pod
 * resumes from that folder: the trials still pending are reattached to their batches. Settings come from the
 * search's spec, with the defaults of {@code nos search}.
 *
 * <p>It stops (exit code 0, so its Job completes and is not restarted) when the operator has ended the search as
 * {@code Failed} or the search is deleted: it looks every {@value #CHECK_SECONDS} s. Its meters
 * ({@link ControllerMetrics}) are served on {@code /metrics}.
 *
 * <p>Environment: {@code NOS_SEARCH} (the search's name), {@code NOS_NAMESPACE} (default: the client's namespace),
 * {@code NOS_STATE_DIR} (default {@code /var/lib/nos/state}), {@code NOS_METRICS_PORT} (default 8080, 0: any free
 * port). Exit codes: 0 when the budget is spent or the search has ended, 2 for an invalid spec or a missing search,
 * 1 for anything else.
 */
public final class ControllerMain {
    static final int CHECK_SECONDS = 5;

    private ControllerMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println("nos controller: runs the search named by NOS_SEARCH (namespace NOS_NAMESPACE), keeping"
                    + " its trial log and checkpoint in NOS_STATE_DIR (default /var/lib/nos/state).");
            return;
        }
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            System.exit(run(client, System.getenv(), engine -> Runtime.getRuntime().addShutdownHook(
                    new Thread(engine::stop, "nos-controller-stop"))));
        }
    }

    /**
     * Runs the search to the end of its budget, or until the engine handed to {@code started} is stopped; returns the
     * exit code.
     */
    public static int run(KubernetesClient client, Map<String, String> env, Consumer<SearchEngine> started)
            throws Exception {
        return run(client, env, started, port -> { });
    }

    /**
     * As {@link #run(KubernetesClient, Map, Consumer)}, telling {@code metricsPort} the port {@code /metrics} listens
     * on once it does (with {@code NOS_METRICS_PORT=0}, any free port: how a test finds it to scrape).
     */
    public static int run(KubernetesClient client, Map<String, String> env, Consumer<SearchEngine> started,
                          IntConsumer metricsPort) throws Exception {
        String name = env.get("NOS_SEARCH");
        String namespace = env.getOrDefault("NOS_NAMESPACE", client.getNamespace());
        Path dir = Path.of(env.getOrDefault("NOS_STATE_DIR", "/var/lib/nos/state"));
        OptimizerSearch search = name == null ? null
                : client.resources(OptimizerSearch.class).inNamespace(namespace).withName(name).get();
        if (search == null) {
            System.err.println("nos controller: no OptimizerSearch '" + name + "' in namespace " + namespace);
            return 2;
        }
        SearchSettings settings;
        try {
            settings = SpecSettings.of(search.getSpec());
        } catch (InvalidSpecException e) {
            System.err.println("nos controller: " + e.getMessage());
            return 2;
        }
        boolean resuming = FolderStore.holdsSearch(dir);
        ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nos-controller-check");
            t.setDaemon(true);
            return t;
        });
        try (MetricsEndpoint endpoint = MetricsEndpoint.serve(MetricsEndpoint.newRegistry(),
                MetricsEndpoint.port(env));
             KubernetesExecutor executor = new KubernetesExecutor(client, search);
             KubernetesStore store = new KubernetesStore(resuming ? FolderStore.open(dir) : FolderStore.create(dir),
                     executor)) {
            System.err.println("nos controller: metrics on port " + endpoint.port() + MetricsEndpoint.PATH);
            metricsPort.accept(endpoint.port());
            AtomicReference<SearchEngine> running = new AtomicReference<>();
            ControllerMetrics metrics = new ControllerMetrics(endpoint.registry(), namespace, name,
                    () -> running.get() == null ? Double.NaN : running.get().searcher().lastLoss());
            StatusReporter reporter = new StatusReporter(client, search, 5, metrics::entropy, metrics::loss);
            SearchEngine engine = resuming
                    ? SearchEngine.resume(store, metrics.timed(executor), saved -> saved.withBudget(
                    settings.maxTrials(), settings.maxSeconds()).withWorkers(settings.workers()))
                    : SearchEngine.create(store, settings, metrics.timed(executor));
            running.set(engine);
            engine.addListener(reporter);
            engine.addListener(metrics);
            checks.scheduleWithFixedDelay(() -> stopWhenEnded(client, namespace, name, engine), CHECK_SECONDS,
                    CHECK_SECONDS, TimeUnit.SECONDS);
            started.accept(engine);
            SearchStats stats = engine.run();
            // the budget spent, the time up, or a controller that proposes only rules already tried (BudgetCount)
            boolean spent = stats.budgetSpent(settings) || stats.onlyRepeats()
                    || settings.maxSeconds() > 0 && stats.elapsedSeconds() >= settings.maxSeconds();
            if (spent) {
                reporter.finished(stats);
            }
            System.err.printf("nos controller: %s after %d trials (%d cached)%s, best %s%n",
                    spent ? "finished" : "stopped", stats.trials(), stats.cacheHits(),
                    stats.onlyRepeats() ? ", proposing only rules already tried" : "", stats.best() == null ? "-" : stats.best().reward() + " "
                            + stats.best().rule());
            return 0;
        } finally {
            checks.shutdownNow();
        }
    }

    /** Stops {@code engine} when the search is gone or the operator has ended it as Failed. */
    private static void stopWhenEnded(KubernetesClient client, String namespace, String name, SearchEngine engine) {
        try {
            OptimizerSearch now = client.resources(OptimizerSearch.class).inNamespace(namespace).withName(name).get();
            if (now == null || now.getStatus() != null && now.getStatus().getPhase() == SearchPhase.Failed) {
                System.err.println("nos controller: the search " + (now == null ? "is gone" : "has Failed")
                        + ", stopping");
                engine.stop();
            }
        } catch (RuntimeException e) { // the API server is away: look again next time
            System.err.println("nos controller: could not read the search: " + e.getMessage());
        }
    }
}
