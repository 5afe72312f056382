package dev.nos.operator;

import io.javaoperatorsdk.operator.Operator;

/**
 * The operator's entry point: reconciles {@code OptimizerSearch}es (phase, validity) and their {@code TrialBatch}es
 * (worker Jobs, records) in the namespaces its client may watch. Settings from the environment:
 * {@code NOS_WORKER_IMAGE} and {@code NOS_CONTROLLER_IMAGE}, the images for searches that name none (defaults
 * {@value #DEFAULT_WORKER_IMAGE}, {@value #DEFAULT_CONTROLLER_IMAGE}).
 * The client is configured as Fabric8's is (in-cluster ServiceAccount, or {@code KUBECONFIG}).
 */
public final class NosOperator {
    static final String DEFAULT_WORKER_IMAGE = "nos-worker:latest";
    static final String DEFAULT_CONTROLLER_IMAGE = "nos-controller:latest";

    private NosOperator() {}

    public static void main(String[] args) {
        String image = System.getenv().getOrDefault("NOS_WORKER_IMAGE", DEFAULT_WORKER_IMAGE);
        Operator operator = new Operator();
        operator.register(new OptimizerSearchReconciler(
                System.getenv().getOrDefault("NOS_CONTROLLER_IMAGE", DEFAULT_CONTROLLER_IMAGE)));
        operator.register(new TrialBatchReconciler(image));
        operator.installShutdownHook(java.time.Duration.ofSeconds(10));
        operator.start();
    }
}
