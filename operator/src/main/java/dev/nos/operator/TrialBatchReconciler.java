package dev.nos.operator;

import dev.nos.kubernetes.OptimizerSearch;
import dev.nos.kubernetes.SearchPhase;
import dev.nos.kubernetes.TrialBatch;
import dev.nos.kubernetes.TrialBatchStatus;
import dev.nos.rule.Rule;
import dev.nos.trial.TrialJson;
import dev.nos.trial.TrialRecord;
import dev.nos.trial.TrialRequest;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * Runs the requests of a {@link TrialBatch} as worker Jobs and writes their records into its status: the operator's
 * part of the protocol in docs/architecture.md.
 * <ul>
 *   <li>Starts a {@link WorkerJob} for each request that has neither a record nor a Job, keeping at most the search's
 *   {@code parallelism} worker Jobs of the search running, and none while the search is suspended. A batch with
 *   requests left to start is reconciled again a second later (a Job of another batch may have finished).</li>
 *   <li>Reads each finished worker's record from its pod's termination message; a Job that failed for good (every
 *   attempt crashed) becomes a FAILED record. Only the operator writes a batch's status, so workers finishing at once
 *   never conflict; the write is conditional on the batch's version ({@link ConditionalStatusWrite}), so a reconcile
 *   that saw a stale copy of the batch cannot drop a record a newer version holds.</li>
 * </ul>
 * Idempotent: Job names are fixed by the trial ({@code <search>-t<id>}), so a restarted operator never starts a trial
 * twice.
 */
@ControllerConfiguration
public final class TrialBatchReconciler implements Reconciler<TrialBatch> {
    private static final Duration WAIT_FOR_A_FREE_WORKER = Duration.ofSeconds(1);
    private static final Duration CACHE_LAG = Duration.ofSeconds(60);
    /** When to look again after a records write refused as stale (ours; the newer version's event usually comes first). */
    private static final Duration STALE_COPY_RETRY = Duration.ofMillis(200);
    /** Worker Jobs created at once (our choice: enough to start 50 workers in a few round trips). */
    private static final int CREATORS = 16;

    private final String defaultWorkerImage;
    private final ResourceRequirements defaultWorkerResources;
    private final Map<String, Object> searchLocks = new ConcurrentHashMap<>();
    /**
     * Worker Jobs this operator created that its Job cache has not shown yet (name to when), by search
     * ({@code ns/name}): the cache's add event removes them; forgotten after {@link #CACHE_LAG} in any case (a Job
     * created and deleted while the informer was reconnecting never shows).
     */
    private final Map<String, Map<String, Long>> createdNotSeen = new ConcurrentHashMap<>();
    private InformerEventSource<Job, TrialBatch> jobs;
    /** Threads that create worker Jobs; daemons, as the reconciler has no end of its own. */
    private final ExecutorService creators = Executors.newFixedThreadPool(CREATORS, r -> {
        Thread t = new Thread(r, "nos-job-creator");
        t.setDaemon(true);
        return t;
    });
    private InformerEventSource<OptimizerSearch, TrialBatch> searches;

    /** @param defaultWorkerImage the worker image for searches that name none */
    public TrialBatchReconciler(String defaultWorkerImage) {
        this(defaultWorkerImage, null);
    }

    /**
     * @param defaultWorkerImage     the worker image for searches that name none
     * @param defaultWorkerResources the worker pods' resources for searches that set no {@code spec.worker.resources}
     *                               (null: none)
     */
    public TrialBatchReconciler(String defaultWorkerImage, ResourceRequirements defaultWorkerResources) {
        this.defaultWorkerImage = defaultWorkerImage;
        this.defaultWorkerResources = defaultWorkerResources;
    }

    @Override
    public List<EventSource<?, TrialBatch>> prepareEventSources(EventSourceContext<TrialBatch> context) {
        jobs = new InformerEventSource<>(InformerEventSourceConfiguration.from(Job.class, TrialBatch.class)
                .withLabelSelector(WorkerJob.BATCH_LABEL)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(TrialBatch.class))
                .build(), context) {
            @Override
            public void onAdd(Job job) {
                super.onAdd(job);
                seen(job);
            }
        };
        var pods = new InformerEventSource<>(InformerEventSourceConfiguration.from(Pod.class, TrialBatch.class)
                .withLabelSelector(WorkerJob.BATCH_LABEL)
                .withSecondaryToPrimaryMapper(p -> Set.of(new ResourceID(
                        p.getMetadata().getLabels().get(WorkerJob.BATCH_LABEL), p.getMetadata().getNamespace())))
                .build(), context);
        // a search's change (suspend, its end) concerns each of its batches
        searches = new InformerEventSource<>(InformerEventSourceConfiguration.from(OptimizerSearch.class,
                        TrialBatch.class)
                .withSecondaryToPrimaryMapper(search -> context.getPrimaryCache().list(
                                search.getMetadata().getNamespace(),
                                b -> search.getMetadata().getName().equals(b.getSpec().getSearch()))
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build(), context);
        return List.of(jobs, pods, searches);
    }

    @Override
    public UpdateControl<TrialBatch> reconcile(TrialBatch batch, Context<TrialBatch> context) {
        KubernetesClient client = context.getClient();
        String ns = batch.getMetadata().getNamespace();
        OptimizerSearch search = searches.get(new ResourceID(batch.getSpec().getSearch(), ns)).orElse(null);
        if (search == null) {
            return UpdateControl.noUpdate(); // its search is gone; the garbage collector takes the batch
        }
        Map<String, Job> jobs = new HashMap<>();
        context.getSecondaryResources(Job.class).forEach(j -> jobs.put(j.getMetadata().getName(), j));
        List<Pod> pods = new ArrayList<>(context.getSecondaryResources(Pod.class));

        List<TrialRecord> records = new ArrayList<>(batch.getStatus() == null ? List.of()
                : batch.getStatus().getRecords());
        Set<Long> recorded = new java.util.HashSet<>();
        records.forEach(r -> recorded.add(r.id()));
        int before = records.size();
        List<TrialRequest> toStart = new ArrayList<>();
        for (TrialRequest request : batch.getSpec().getRequests()) {
            if (recorded.contains(request.id())) {
                continue;
            }
            Job job = jobs.get(WorkerJob.name(search.getMetadata().getName(), request.id()));
            if (job == null) {
                toStart.add(request);
                continue;
            }
            TrialRecord record = finishedRecord(request, job, pods);
            if (record != null) {
                records.add(record);
            }
        }
        int notStarted = startJobs(client, search, batch, toStart);
        if (records.size() > before && !ConditionalStatusWrite.write(batch, withRecords(batch, records), context)) {
            return UpdateControl.<TrialBatch>noUpdate().rescheduleAfter(STALE_COPY_RETRY);
        }
        UpdateControl<TrialBatch> control = UpdateControl.noUpdate();
        return notStarted > 0 ? control.rescheduleAfter(WAIT_FOR_A_FREE_WORKER) : control;
    }

    /** The record of a finished trial: its worker's termination message, or FAILED when its Job gave up; else null. */
    private static TrialRecord finishedRecord(TrialRequest request, Job job, List<Pod> pods) {
        for (Pod pod : pods) {
            if (!Long.toString(request.id()).equals(pod.getMetadata().getLabels().get(WorkerJob.TRIAL_LABEL))
                    || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
                continue;
            }
            for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
                ContainerStateTerminated t = cs.getState() == null ? null : cs.getState().getTerminated();
                if (t != null && t.getExitCode() != null && t.getExitCode() == 0 && t.getMessage() != null) {
                    try {
                        return TrialJson.MAPPER.readValue(t.getMessage(), TrialRecord.class).withId(request.id());
                    } catch (Exception e) {
                        return failed(request, "the worker's record is not a TrialRecord: " + e.getMessage());
                    }
                }
            }
        }
        if (job.getStatus() != null && job.getStatus().getConditions() != null) {
            for (JobCondition c : job.getStatus().getConditions()) {
                if ("Failed".equals(c.getType()) && "True".equals(c.getStatus())) {
                    int attempts = job.getStatus().getFailed() == null ? 0 : job.getStatus().getFailed();
                    return failed(request, "the worker failed " + attempts + " times (" + c.getReason()
                            + (c.getMessage() == null ? "" : ": " + c.getMessage()) + ")");
                }
            }
        }
        return null;
    }

    private static TrialRecord failed(TrialRequest request, String why) {
        return TrialRecord.failed(request, Rule.parseTokens(request.rule()).infix(), why, 0);
    }

    /** Starts Jobs for the requests while the search has free workers; returns how many are left to start. */
    private int startJobs(KubernetesClient client, OptimizerSearch search, TrialBatch batch, List<TrialRequest> toStart) {
        boolean ended = search.getStatus() != null && (search.getStatus().getPhase() == SearchPhase.Failed
                || search.getStatus().getPhase() == SearchPhase.Succeeded);
        if (toStart.isEmpty() || ended || Boolean.TRUE.equals(search.getSpec().getSuspend())) {
            return toStart.size();
        }
        String ns = batch.getMetadata().getNamespace();
        String name = search.getMetadata().getName();
        int parallelism = search.getSpec().getParallelism() == null ? 1 : search.getSpec().getParallelism();
        int attempts = search.getSpec().getMaxAttempts() == null ? 3 : search.getSpec().getMaxAttempts();
        String key = ns + "/" + name;
        synchronized (searchLocks.computeIfAbsent(key, k -> new Object())) {
            // the Job cache, plus the Jobs created here that it does not show yet (the reconciles of other batches of
            // the search may just have started some): no request to the API server
            Map<String, Long> pending = createdNotSeen.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
            long now = System.nanoTime();
            pending.values().removeIf(at -> now - at > CACHE_LAG.toNanos());
            long running = jobs.list(ns, j -> name.equals(j.getMetadata().getLabels().get(WorkerJob.SEARCH_LABEL))
                    && !pending.containsKey(j.getMetadata().getName()) && !finished(j)).count() + pending.size();
            List<Job> toCreate = new ArrayList<>();
            for (TrialRequest r : toStart) {
                if (running + toCreate.size() >= parallelism) {
                    break;
                }
                Job job = WorkerJob.of(search, batch, r, defaultWorkerImage, defaultWorkerResources, attempts);
                pending.put(job.getMetadata().getName(), System.nanoTime()); // before: the cache may see it first
                toCreate.add(job);
            }
            createAll(client, ns, toCreate, pending);
            int started = toCreate.size();
            return toStart.size() - started;
        }
    }

    /**
     * Creates the Jobs at once rather than one after the other (50 sequential requests would add their latencies to
     * the last trial's start; docs/benchmarks.md, "Orchestration").
     */
    private void createAll(KubernetesClient client, String ns, List<Job> toCreate, Map<String, Long> pending) {
        List<CompletableFuture<Void>> creates = new ArrayList<>();
        for (Job job : toCreate) {
            creates.add(CompletableFuture.runAsync(() -> {
                try {
                    client.resource(job).inNamespace(ns).create();
                } catch (KubernetesClientException e) {
                    pending.remove(job.getMetadata().getName());
                    if (e.getCode() != 409) { // 409: started before (a restarted operator); the cache shows it
                        throw e;
                    }
                }
            }, creators));
        }
        try {
            CompletableFuture.allOf(creates.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** The Job cache shows {@code job}: it no longer needs counting apart. */
    private void seen(Job job) {
        Map<String, Long> pending = createdNotSeen.get(job.getMetadata().getNamespace() + "/"
                + job.getMetadata().getLabels().get(WorkerJob.SEARCH_LABEL));
        if (pending != null) {
            pending.remove(job.getMetadata().getName());
        }
    }

    private static boolean finished(Job job) {
        return job.getStatus() != null && job.getStatus().getConditions() != null
                && job.getStatus().getConditions().stream().anyMatch(c ->
                ("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus()));
    }

    /** A fresh object holding only the batch's name, namespace and status (what a status patch by server-side apply sends). */
    private static TrialBatch withRecords(TrialBatch batch, List<TrialRecord> records) {
        TrialBatch patch = new TrialBatch();
        patch.setMetadata(new ObjectMetaBuilder().withName(batch.getMetadata().getName())
                .withNamespace(batch.getMetadata().getNamespace()).build());
        TrialBatchStatus status = new TrialBatchStatus();
        status.setRecords(records);
        patch.setStatus(status);
        return patch;
    }
}
