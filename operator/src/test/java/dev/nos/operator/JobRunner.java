package dev.nos.operator;

import dev.nos.trial.TrialJson;
import dev.nos.trial.TrialRecord;
import dev.nos.trial.TrialRunner;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TEST CODE, standing in for the Job controller and the kubelet, which the test API server does not have: for each
 * worker Job it creates the pod, runs the pod's work in this process (the request from the container's environment,
 * through {@link TrialRunner}, as {@code nos trial --request-env} does) and writes the pod's status (the record as its
 * termination message) and the Job's status back, as they would. A crash of chosen attempts is simulated (exit 1);
 * after {@code backoffLimit + 1} crashes the Job is Failed, as the Job controller marks it. Real clusters run real
 * Jobs.
 */
final class JobRunner implements AutoCloseable {
    /** Decides whether an attempt crashes: the n-th Job seen (0-based) and the attempt (0-based). */
    interface Crashes {
        boolean crash(int jobIndex, int attempt);
    }

    private final KubernetesClient client;
    private final Crashes crashes;
    private final SharedIndexInformer<Job> informer;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final TrialRunner runner = new TrialRunner();
    private final AtomicInteger jobsSeen = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();
    private final List<String> jobNames = new ArrayList<>();
    private volatile Job firstJob;

    JobRunner(KubernetesClient client, String namespace, Crashes crashes) {
        this.client = client;
        this.crashes = crashes;
        this.informer = client.batch().v1().jobs().inNamespace(namespace).withLabel(WorkerJob.BATCH_LABEL)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Job job) {
                        int index = jobsSeen.getAndIncrement();
                        if (index == 0) {
                            firstJob = job;
                        }
                        synchronized (jobNames) {
                            jobNames.add(job.getMetadata().getName());
                        }
                        threads.execute(() -> run(job, index));
                    }

                    @Override
                    public void onUpdate(Job o, Job n) {
                    }

                    @Override
                    public void onDelete(Job j, boolean unknown) {
                    }
                });
    }

    /** The most worker pods that ran at once. */
    int maxRunning() {
        return maxRunning.get();
    }

    /** The first Job seen, as the operator created it. */
    Job firstJob() {
        return firstJob;
    }

    /** The Jobs seen, in order. */
    List<String> jobNames() {
        synchronized (jobNames) {
            return List.copyOf(jobNames);
        }
    }

    private void run(Job job, int index) {
        String ns = job.getMetadata().getNamespace();
        int backoffLimit = job.getSpec().getBackoffLimit();
        try {
            for (int attempt = 0; ; attempt++) {
                Pod pod = client.resource(pod(job, attempt)).inNamespace(ns).create();
                int now = running.incrementAndGet();
                maxRunning.accumulateAndGet(now, Math::max);
                try {
                    Thread.sleep(100); // a worker takes a moment: lets the test see how many run at once
                    Container c = pod.getSpec().getContainers().get(0);
                    String json = c.getEnv().stream().filter(e -> e.getName().equals(WorkerJob.REQUEST_ENV))
                            .findFirst().orElseThrow().getValue();
                    if (crashes.crash(index, attempt)) {
                        terminate(pod, 1, null);
                        int failed = attempt + 1;
                        if (failed > backoffLimit) {
                            jobStatus(job, 0, failed, "Failed", "BackoffLimitExceeded");
                            return;
                        }
                        jobStatus(job, 0, failed, null, null);
                        continue;
                    }
                    TrialRecord record = runner.run(TrialJson.readRequest(json));
                    terminate(pod, 0, TrialJson.write(record));
                    jobStatus(job, 1, attempt, "Complete", null);
                    return;
                } finally {
                    running.decrementAndGet();
                }
            }
        } catch (Exception e) {
            if (!threads.isShutdown()) {
                throw new IllegalStateException("the test's job runner failed on " + job.getMetadata().getName(), e);
            }
        }
    }

    private static Pod pod(Job job, int attempt) {
        return new PodBuilder()
                .withNewMetadata()
                    .withName(job.getMetadata().getName() + "-" + attempt)
                    .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                    .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                            .withName(job.getMetadata().getName()).withUid(job.getMetadata().getUid())
                            .withController(true).build())
                .endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .build();
    }

    private void terminate(Pod pod, int exitCode, String message) {
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder()
                .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
                .withContainerStatuses(new ContainerStatusBuilder().withName("worker").withImage("test").withImageID("test")
                        .withReady(false).withRestartCount(0)
                        .withNewState().withNewTerminated().withExitCode(exitCode).withMessage(message)
                        .withReason(exitCode == 0 ? "Completed" : "Error").endTerminated().endState().build())
                .build());
        client.resource(pod).inNamespace(pod.getMetadata().getNamespace()).updateStatus();
    }

    private void jobStatus(Job job, int succeeded, int failed, String condition, String reason) {
        client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName())
                .editStatus(j -> {
                    if (j.getStatus() == null) {
                        j.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatus());
                    }
                    j.getStatus().setSucceeded(succeeded);
                    j.getStatus().setFailed(failed);
                    if (condition != null) {
                        j.getStatus().setConditions(List.of(new JobConditionBuilder().withType(condition)
                                .withStatus("True").withReason(reason).build()));
                    }
                    return j;
                });
    }

    @Override
    public void close() {
        informer.close();
        threads.shutdownNow();
    }
}
