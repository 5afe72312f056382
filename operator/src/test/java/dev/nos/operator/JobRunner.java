package dev.nos.operator;

import dev.nos.controller.ControllerMain;
import dev.nos.metrics.MetricsEndpoint;
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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TEST CODE, standing in for the Job controller and the kubelet, which the test API server does not have: for each
 * worker Job it creates the pod, runs the pod's work in this process (the request from the container's environment,
 * through {@link TrialRunner}, as {@code nos trial --request-env} does) and writes the pod's status (the record as its
 * termination message) and the Job's status back, as they would. A crash of chosen attempts is simulated (exit 1);
 * after {@code backoffLimit + 1} crashes the Job is Failed, as the Job controller marks it. Real clusters run real
 * Jobs.
 *
 * <p>With {@link #runControllers}, it also runs each search's controller Job: its pod's program
 * ({@link ControllerMain}) in this process with the pod's environment, authenticated as the pod's ServiceAccount (a
 * real token), its state volume a folder of the test's.
 */
final class JobRunner implements AutoCloseable {
    /** Decides whether an attempt crashes: the n-th Job seen (0-based) and the attempt (0-based). */
    interface Crashes {
        boolean crash(int jobIndex, int attempt);
    }

    private final KubernetesClient client;
    private final Crashes crashes;
    private final SharedIndexInformer<Job> informer;
    private final ExecutorService threads;
    private final long workMillis;
    private final TrialRunner runner = new TrialRunner();
    private final AtomicInteger jobsSeen = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();
    private final List<String> jobNames = new ArrayList<>();
    private volatile Job firstJob;
    private SharedIndexInformer<Job> controllers;
    private final List<Thread> controllerThreads = new ArrayList<>();
    private final List<Integer> controllerExits = new ArrayList<>();
    private volatile BiConsumer<String, Integer> controllerMetrics = (job, port) -> { };

    JobRunner(KubernetesClient client, String namespace, Crashes crashes) {
        this(client, namespace, crashes, 8, 100);
    }

    /**
     * @param pods       how many worker pods it runs at once (a cluster's room)
     * @param workMillis how long each pod works before its trial runs (a worker takes a moment: lets the tests see
     *                   how many run at once, and the benchmark subtract the workers' time)
     */
    JobRunner(KubernetesClient client, String namespace, Crashes crashes, int pods, long workMillis) {
        this.client = client;
        this.crashes = crashes;
        this.threads = Executors.newFixedThreadPool(pods);
        this.workMillis = workMillis;
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

    /**
     * Also runs the controller Jobs of {@code namespace}: each in a thread of its own, with a client from
     * {@code clientAs} (given the pod's ServiceAccount), its state in a folder of {@code volumes} named after the Job.
     */
    JobRunner runControllers(String namespace, Function<String, KubernetesClient> clientAs, Path volumes) {
        controllers = client.batch().v1().jobs().inNamespace(namespace).withLabel(ControllerResources.ROLE_LABEL, ControllerResources.CONTROLLER_ROLE)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Job job) {
                        Thread t = new Thread(() -> runController(job, clientAs, volumes),
                                "test-controller-" + job.getMetadata().getName());
                        synchronized (controllerThreads) {
                            controllerThreads.add(t);
                        }
                        t.start();
                    }

                    @Override
                    public void onUpdate(Job o, Job n) {
                    }

                    @Override
                    public void onDelete(Job j, boolean unknown) {
                    }
                });
        return this;
    }

    /**
     * Tells {@code ports} the name of each controller Job run and the port its {@code /metrics} listens on (any free
     * port), once it does: for a test that scrapes the controller.
     */
    JobRunner onControllerMetrics(BiConsumer<String, Integer> ports) {
        this.controllerMetrics = ports;
        return this;
    }

    /** The exit codes of the controller pods that ended, in order. */
    List<Integer> controllerExits() {
        synchronized (controllerExits) {
            return List.copyOf(controllerExits);
        }
    }

    private void runController(Job job, Function<String, KubernetesClient> clientAs, Path volumes) {
        String ns = job.getMetadata().getNamespace();
        Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = new HashMap<>();
        for (var e : c.getEnv()) {
            env.put(e.getName(), e.getValue() != null ? e.getValue() : ns); // the one fieldRef is metadata.namespace
        }
        env.put("NOS_STATE_DIR", volumes.resolve(job.getMetadata().getName()).toString());
        env.put(MetricsEndpoint.PORT_ENV, "0");
        int exit = 1;
        try (KubernetesClient asPod = clientAs.apply(job.getSpec().getTemplate().getSpec().getServiceAccountName())) {
            Pod pod = client.resource(pod(job, 0)).inNamespace(ns).create();
            exit = ControllerMain.run(asPod, env, engine -> { },
                    port -> controllerMetrics.accept(job.getMetadata().getName(), port));
            terminate(pod, exit, null);
            jobStatus(job, exit == 0 ? 1 : 0, exit == 0 ? 0 : 1, exit == 0 ? "Complete" : null, null);
        } catch (Exception e) {
            if (!threads.isShutdown()) {
                throw new IllegalStateException("the test's job runner failed on " + job.getMetadata().getName(), e);
            }
        } finally {
            synchronized (controllerExits) {
                controllerExits.add(exit);
            }
        }
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
                    Thread.sleep(workMillis);
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
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName(pod.getSpec().getContainers().get(0).getName()).withImage("test").withImageID("test")
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
    public void close() throws InterruptedException {
        informer.close();
        threads.shutdownNow();
        if (controllers != null) {
            controllers.close();
        }
        List<Thread> running;
        synchronized (controllerThreads) {
            running = List.copyOf(controllerThreads);
        }
        for (Thread t : running) { // a controller still running is the test's failure: say so rather than leak it
            t.join(TimeUnit.SECONDS.toMillis(30));
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " is still running");
            }
        }
    }
}
