package dev.nos.controller;

import dev.nos.engine.FolderStore;
import dev.nos.engine.SearchEngine;
import dev.nos.engine.SearchSettings;
import dev.nos.engine.SearchStats;
import dev.nos.kubernetes.InvalidSpecException;
import dev.nos.kubernetes.KubernetesExecutor;
import dev.nos.kubernetes.KubernetesStore;
import dev.nos.kubernetes.OptimizerSearch;
import dev.nos.kubernetes.SpecSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The controller pod: the engine of {@code nos search} for one {@code OptimizerSearch}, with the Kubernetes executor
 * (batches as {@code TrialBatch}es; it creates no Jobs) and the search's folder on the pod's volume. A restarted pod
 * resumes from that folder: the trials still pending are reattached to their batches. Settings come from the
 * search's spec, with the defaults of {@code nos search}.
 *
 * <p>Environment: {@code NOS_SEARCH} (the search's name), {@code NOS_NAMESPACE} (default: the client's namespace),
 * {@code NOS_STATE_DIR} (default {@code /var/lib/nos/state}). Exit codes: 0 when the budget is spent, 2 for an
 * invalid spec or a missing search, 1 for anything else.
 */
public final class ControllerMain {
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
        StatusReporter reporter = new StatusReporter(client, search, 5);
        try (KubernetesExecutor executor = new KubernetesExecutor(client, search);
             KubernetesStore store = new KubernetesStore(resuming ? FolderStore.open(dir) : FolderStore.create(dir),
                     executor)) {
            SearchEngine engine = resuming
                    ? SearchEngine.resume(store, executor, saved -> saved.withBudget(settings.maxTrials(),
                    settings.maxSeconds()).withWorkers(settings.workers()))
                    : SearchEngine.create(store, settings, executor);
            engine.addListener(reporter);
            started.accept(engine);
            SearchStats stats = engine.run();
            boolean spent = settings.maxTrials() > 0 && stats.trials() >= settings.maxTrials()
                    || settings.maxSeconds() > 0 && stats.elapsedSeconds() >= settings.maxSeconds();
            if (spent) {
                reporter.finished(stats);
            }
            System.err.printf("nos controller: %s after %d trials (%d cached), best %s%n", spent ? "finished" : "stopped",
                    stats.trials(), stats.cacheHits(), stats.best() == null ? "-" : stats.best().reward() + " "
                            + stats.best().rule());
            return 0;
        }
    }
}
