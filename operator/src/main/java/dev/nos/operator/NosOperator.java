package dev.nos.operator;

import io.javaoperatorsdk.operator.Operator;

/**
 * The operator's entry point: reconciles {@code OptimizerSearch}es (phase, validity) and their {@code TrialBatch}es
 * (worker Jobs, records) in the namespaces its client may watch. Settings from the environment:
 * {@code NOS_WORKER_IMAGE}, the worker image for searches that name none (default {@value #DEFAULT_WORKER_IMAGE}).
 * The client is configured as Fabric8's is (in-cluster ServiceAccount, or {@code KUBECONFIG}).
 */
public final class NosOperator {
    static final String DEFAULT_WORKER_IMAGE = "nos-worker:latest";

    private NosOperator() {}

    public static void main(String[] args) {
        String image = System.getenv().getOrDefault("NOS_WORKER_IMAGE", DEFAULT_WORKER_IMAGE);
        Operator operator = new Operator();
        operator.register(new OptimizerSearchReconciler());
        operator.register(new TrialBatchReconciler(image));
        operator.installShutdownHook(java.time.Duration.ofSeconds(10));
        operator.start();
    }
}
