package dev.nos.operator;

import dev.nos.kubernetes.OptimizerSearch;
import dev.nos.metrics.MetricsEndpoint;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operator's entry point: reconciles {@code OptimizerSearch}es (phase, validity, controller, folding) and their
 * {@code TrialBatch}es (worker Jobs, records) in the namespaces its client may watch, and serves its meters on
 * {@code /metrics} (nos's, {@link SearchMetrics}, and the Java Operator SDK's reconcile meters). Settings from the
 * environment: {@code NOS_WORKER_IMAGE} and {@code NOS_CONTROLLER_IMAGE}, the images for searches that name none
 * (defaults {@value #DEFAULT_WORKER_IMAGE}, {@value #DEFAULT_CONTROLLER_IMAGE}); {@code NOS_METRICS_PORT} (default
 * 8080); {@code NOS_WORKER_RESOURCES}, the worker pods' resources for searches that set no
 * {@code spec.worker.resources} (a Kubernetes {@code ResourceRequirements}, JSON or YAML; unset: none);
 * {@code NOS_WATCH_NAMESPACES}, a comma-separated list of the namespaces to watch (unset or empty: all
 * namespaces; with a list, every informer of the operator, the reconcilers' and the one that keeps the searches'
 * meters, lists and watches only those namespaces, so namespaced RBAC in each of them is enough: the Helm chart's
 * {@code watchNamespaces}). The client is configured as Fabric8's is (in-cluster ServiceAccount, or
 * {@code KUBECONFIG}).
 */
public final class NosOperator implements AutoCloseable {
    static final String DEFAULT_WORKER_IMAGE = "nos-worker:0.1.0";
    static final String DEFAULT_CONTROLLER_IMAGE = "nos-controller:0.1.0";
    /** The environment variable listing the namespaces to watch (comma-separated; unset or empty: all). */
    public static final String WATCH_NAMESPACES_ENV = "NOS_WATCH_NAMESPACES";
    /** The environment variable holding the worker pods' default resources (JSON or YAML; unset: none). */
    public static final String WORKER_RESOURCES_ENV = "NOS_WORKER_RESOURCES";

    private final Operator operator;
    private final MetricsEndpoint endpoint;
    private final AutoCloseable deletions;

    private NosOperator(Operator operator, MetricsEndpoint endpoint, AutoCloseable deletions) {
        this.operator = operator;
        this.endpoint = endpoint;
        this.deletions = deletions;
    }

    public static void main(String[] args) throws IOException {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println("nos operator: reconciles OptimizerSearch and TrialBatch resources (nos.dev/v1alpha1)"
                    + " with the client's in-cluster ServiceAccount or KUBECONFIG.\nEnvironment: NOS_WORKER_IMAGE"
                    + " (default " + DEFAULT_WORKER_IMAGE + "), NOS_CONTROLLER_IMAGE (default "
                    + DEFAULT_CONTROLLER_IMAGE + "), NOS_METRICS_PORT (default " + MetricsEndpoint.DEFAULT_PORT + "),"
                    + " NOS_WORKER_RESOURCES (the worker pods' resources for searches that set none, as JSON, e.g."
                    + " {\"requests\":{\"cpu\":\"1\",\"memory\":\"2Gi\"}}; unset: none),"
                    + " NOS_WATCH_NAMESPACES (comma-separated namespaces to watch; unset or empty: all namespaces).");
            return;
        }
        NosOperator nos = start(new KubernetesClientBuilder().build(), System.getenv(), true);
        Runtime.getRuntime().addShutdownHook(new Thread(nos::close, "nos-operator-stop"));
    }

    /**
     * Starts the operator on {@code client} with the settings in {@code env}, its meters served on
     * {@code NOS_METRICS_PORT}; {@code closeClient}: whether stopping it closes the client.
     */
    public static NosOperator start(KubernetesClient client, Map<String, String> env, boolean closeClient)
            throws IOException {
        Set<String> namespaces = watchedNamespaces(env);
        ResourceRequirements workerResources = workerResources(env); // a bad value fails before anything starts
        PrometheusMeterRegistry registry = MetricsEndpoint.newRegistry();
        MetricsEndpoint endpoint = MetricsEndpoint.serve(registry, MetricsEndpoint.port(env));
        SearchMetrics metrics = new SearchMetrics(registry);
        Operator operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(closeClient)
                .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry)));
        operator.register(new OptimizerSearchReconciler(
                env.getOrDefault("NOS_CONTROLLER_IMAGE", DEFAULT_CONTROLLER_IMAGE), metrics), c -> watch(c, namespaces));
        operator.register(new TrialBatchReconciler(env.getOrDefault("NOS_WORKER_IMAGE", DEFAULT_WORKER_IMAGE),
                workerResources), c -> watch(c, namespaces));
        operator.start();
        ResourceEventHandler<OptimizerSearch> meters = metrics.statusWatcher();
        List<AutoCloseable> informers = new ArrayList<>();
        if (namespaces.isEmpty()) {
            informers.add(client.resources(OptimizerSearch.class).inAnyNamespace().inform(meters));
        } else {
            for (String ns : namespaces) {
                informers.add(client.resources(OptimizerSearch.class).inNamespace(ns).inform(meters));
            }
        }
        return new NosOperator(operator, endpoint, () -> {
            for (AutoCloseable i : informers) {
                i.close();
            }
        });
    }

    /** The namespaces {@value #WATCH_NAMESPACES_ENV} in {@code env} names (trimmed, blanks dropped); empty: all. */
    static Set<String> watchedNamespaces(Map<String, String> env) {
        String value = env.getOrDefault(WATCH_NAMESPACES_ENV, "");
        Set<String> namespaces = new LinkedHashSet<>();
        Arrays.stream(value.split(",")).map(String::trim).filter(n -> !n.isEmpty()).forEach(namespaces::add);
        return namespaces;
    }

    /**
     * The worker pods' default resources from {@value #WORKER_RESOURCES_ENV} in {@code env}: a Kubernetes
     * {@code ResourceRequirements} as JSON or YAML (e.g. {@code {"requests":{"cpu":"1","memory":"2Gi"}}}); null when
     * unset or blank. A value that is not one is an error naming the variable.
     */
    static ResourceRequirements workerResources(Map<String, String> env) {
        String value = env.get(WORKER_RESOURCES_ENV);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Serialization.unmarshal(value, ResourceRequirements.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(WORKER_RESOURCES_ENV + ": '" + value
                    + "' is not a Kubernetes ResourceRequirements (JSON or YAML): " + e.getMessage(), e);
        }
    }

    private static <R extends io.fabric8.kubernetes.api.model.HasMetadata> void watch(
            ControllerConfigurationOverrider<R> config, Set<String> namespaces) {
        if (!namespaces.isEmpty()) {
            config.settingNamespaces(namespaces);
        }
    }

    /** The port {@code /metrics} is served on. */
    public int metricsPort() {
        return endpoint.port();
    }

    @Override
    public void close() {
        try {
            deletions.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            operator.stop();
            endpoint.close();
        }
    }
}
