package dev.nos.operator;

import dev.nos.engine.BudgetCount;
import dev.nos.kubernetes.InvalidSpecException;
import dev.nos.kubernetes.KubernetesExecutor;
import dev.nos.kubernetes.OptimizerSearch;
import dev.nos.kubernetes.OptimizerSearchStatus;
import dev.nos.kubernetes.SearchPhase;
import dev.nos.kubernetes.SpecSettings;
import dev.nos.kubernetes.TrialBatch;
import dev.nos.kubernetes.TrialCounts;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps an {@link OptimizerSearch}'s status, the fields the operator owns (the controller pod owns
 * {@code status.controller}):
 * <ul>
 *   <li>phase and the {@code Valid} condition: a spec the schema accepted but nos cannot run is {@code Failed} with
 *   {@code Valid=False}, reason {@code Invalid}, naming the field; a valid one is {@code Running}, or
 *   {@code Suspended} while {@code spec.suspend} is set; {@code observedGeneration}, {@code startedAt};</li>
 *   <li>folding: a {@link TrialBatch} the controller labelled consumed (every trial of it is in the controller's
 *   log) and whose every request has a record is folded into the counts, the best rule and the top-10 leaderboard,
 *   its name kept in {@code status.folded}; a later reconcile deletes it and its Jobs, and drops the name once it is
 *   gone. So a batch is folded exactly once, even across an operator restart, and the status stays bounded;</li>
 *   <li>the end: {@code Succeeded} once the controller reports its budget spent and every batch is folded, {@code Failed}
 * past {@code spec.maxFailedTrials}.</li>
 * </ul>
 * The status is written on condition that the search is still at the version it was computed from
 * ({@link ConditionalStatusWrite}): a reconcile that saw a stale copy is run again, so a batch is never folded twice
 * nor dropped. It also creates the search's controller ({@link ControllerResources}) and records each folded batch's
 * rewards and round trip ({@link SearchMetrics}).
 */
@ControllerConfiguration(generationAwareEventProcessing = false) // the controller's status reports matter too
public final class OptimizerSearchReconciler implements Reconciler<OptimizerSearch> {
    /** The condition that says whether the spec can run. */
    public static final String VALID = "Valid";
    /** The condition that says why a search ended. */
    public static final String ENDED = "Ended";
    private static final Duration DELETE_FOLDED_SOON = Duration.ofSeconds(1);
    /**
     * When to look again after a status write refused as stale: the newer version's event usually comes first; this
     * is in case it does not (ours).
     */
    private static final Duration STALE_COPY_RETRY = Duration.ofMillis(200);

    private final String defaultControllerImage;
    private final SearchMetrics metrics;

    /** @param defaultControllerImage the controller image for searches that name none */
    public OptimizerSearchReconciler(String defaultControllerImage) {
        this(defaultControllerImage, SearchMetrics.none());
    }

    /**
     * @param defaultControllerImage the controller image for searches that name none
     * @param metrics                where each search's counts, best reward, rewards and batch round trips go
     */
    public OptimizerSearchReconciler(String defaultControllerImage, SearchMetrics metrics) {
        this.defaultControllerImage = defaultControllerImage;
        this.metrics = metrics;
    }

    @Override
    public List<EventSource<?, OptimizerSearch>> prepareEventSources(EventSourceContext<OptimizerSearch> context) {
        return List.of(new InformerEventSource<>(InformerEventSourceConfiguration.from(TrialBatch.class,
                        OptimizerSearch.class)
                .withLabelSelector(KubernetesExecutor.SEARCH_LABEL)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(OptimizerSearch.class))
                .build(), context),
                new InformerEventSource<>(InformerEventSourceConfiguration.from(Job.class, OptimizerSearch.class)
                        .withLabelSelector(ControllerResources.ROLE_LABEL + "=" + ControllerResources.CONTROLLER_ROLE)
                        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(OptimizerSearch.class))
                        .build(), context));
    }

    @Override
    public UpdateControl<OptimizerSearch> reconcile(OptimizerSearch search, Context<OptimizerSearch> context) {
        OptimizerSearchStatus old = search.getStatus() == null ? new OptimizerSearchStatus() : search.getStatus();
        long generation = search.getMetadata().getGeneration() == null ? 0 : search.getMetadata().getGeneration();
        OptimizerSearchStatus status = StatusFolding.copy(old);
        status.setObservedGeneration(generation);
        if (status.getStartedAt() == null) {
            status.setStartedAt(Instant.now().toString());
        }
        Condition valid;
        try {
            SpecSettings.of(search.getSpec());
            valid = condition("True", "SpecAccepted", "the spec can run", generation);
            boolean ended = old.getPhase() == SearchPhase.Succeeded || old.getPhase() == SearchPhase.Failed
                    && old.getConditions() != null && old.getConditions().stream().anyMatch(c -> c.getType().equals(ENDED));
            status.setPhase(ended ? old.getPhase() : Boolean.TRUE.equals(search.getSpec().getSuspend())
                    ? SearchPhase.Suspended : SearchPhase.Running);
        } catch (InvalidSpecException e) {
            valid = condition("False", "Invalid", e.getMessage(), generation);
            status.setPhase(SearchPhase.Failed);
        }
        status.setConditions(withCondition(old.getConditions(), valid));

        boolean newlyFolded = fold(search, status, context);
        boolean ended = status.getPhase() == SearchPhase.Succeeded || status.getPhase() == SearchPhase.Failed;
        if (!ended && context.getSecondaryResources(Job.class).isEmpty()) {
            startController(search, context.getClient());
        }
        if (status.getPhase() == SearchPhase.Running || status.getPhase() == SearchPhase.Suspended) {
            Integer maxFailed = search.getSpec().getMaxFailedTrials();
            if (maxFailed != null && status.getTrials().getFailed() > maxFailed) {
                status.setPhase(SearchPhase.Failed);
                status.setConditions(withCondition(status.getConditions(), new ConditionBuilder().withType(ENDED)
                        .withStatus("True").withReason("TooManyFailedTrials").withMessage(status.getTrials().getFailed()
                                + " trials FAILED, more than spec.maxFailedTrials " + maxFailed)
                        .withObservedGeneration(generation).withLastTransitionTime(Instant.now().toString()).build()));
            } else if (old.getController() != null && Boolean.TRUE.equals(old.getController().getFinished())
                    && context.getSecondaryResources(TrialBatch.class).isEmpty()) {
                status.setPhase(SearchPhase.Succeeded);
                boolean onlyRepeats = Boolean.TRUE.equals(old.getController().getOnlyRepeats());
                status.setConditions(withCondition(status.getConditions(), new ConditionBuilder().withType(ENDED)
                        .withStatus("True").withReason(onlyRepeats ? "OnlyRepeats" : "BudgetSpent")
                        .withMessage(onlyRepeats ? "the controller proposed only rules already tried (budget left);"
                                + " every trial is folded" : "the budget is spent and every trial is folded")
                        .withObservedGeneration(generation).withLastTransitionTime(Instant.now().toString()).build()));
            }
            if (status.getPhase() == SearchPhase.Succeeded || status.getPhase() == SearchPhase.Failed) {
                status.setFinishedAt(Instant.now().toString());
            }
        }
        if (sameStatus(old, status)) {
            return UpdateControl.noUpdate();
        }
        OptimizerSearch patch = new OptimizerSearch();
        patch.setMetadata(new ObjectMetaBuilder().withName(search.getMetadata().getName())
                .withNamespace(search.getMetadata().getNamespace()).build());
        patch.setStatus(status);
        if (!ConditionalStatusWrite.write(search, patch, context)) {
            return UpdateControl.<OptimizerSearch>noUpdate().rescheduleAfter(STALE_COPY_RETRY);
        }
        return newlyFolded ? UpdateControl.<OptimizerSearch>noUpdate().rescheduleAfter(DELETE_FOLDED_SOON)
                : UpdateControl.noUpdate();
    }

    /** Creates the controller's ServiceAccount, Role, RoleBinding, volume and Job (those already there are kept). */
    private void startController(OptimizerSearch search, KubernetesClient client) {
        for (HasMetadata o : ControllerResources.all(search, defaultControllerImage)) {
            try {
                client.resource(o).inNamespace(search.getMetadata().getNamespace()).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
    }

    /**
     * Deletes the batches already folded, folds the consumed and finished ones into {@code status}; true when some
     * were folded now (to be deleted once the status that says so is written).
     */
    private boolean fold(OptimizerSearch search, OptimizerSearchStatus status, Context<OptimizerSearch> context) {
        KubernetesClient client = context.getClient();
        Set<String> present = new HashSet<>();
        List<TrialBatch> batches = new ArrayList<>(context.getSecondaryResources(TrialBatch.class));
        batches.forEach(b -> present.add(b.getMetadata().getName()));
        List<String> folded = new ArrayList<>(status.getFolded() == null ? List.of() : status.getFolded());
        folded.retainAll(present); // a folded batch that is gone needs no name any more
        metrics.keepBatches(search, present);
        boolean newlyFolded = false;
        long running = 0;
        for (TrialBatch b : batches) {
            String name = b.getMetadata().getName();
            if (folded.contains(name)) {
                client.batch().v1().jobs().inNamespace(b.getMetadata().getNamespace())
                        .withLabel(WorkerJob.BATCH_LABEL, name).delete();
                client.resource(b).delete();
                continue;
            }
            int records = b.getStatus() == null ? 0 : b.getStatus().getRecords().size();
            boolean finished = records >= b.getSpec().getRequests().size();
            if (finished && "true".equals(b.getMetadata().getLabels().get(KubernetesExecutor.CONSUMED_LABEL))) {
                OptimizerSearchStatus f = StatusFolding.fold(status, b);
                status.setTrials(f.getTrials());
                status.setLeaderboard(f.getLeaderboard());
                status.setBest(f.getBest());
                folded.add(name);
                newlyFolded = true;
                metrics.folded(search, b, Instant.now());
            } else {
                running += b.getSpec().getRequests().size() - records;
            }
        }
        status.setFolded(folded.isEmpty() ? null : folded);
        TrialCounts counts = status.getTrials() == null ? new TrialCounts() : status.getTrials();
        counts.setRunning(running);
        status.setTrials(counts);
        // a budget of proposed trials counts cache hits too (docs/search.md); the controller reports those, nothing
        // else sees them; a budget of trained rules (the default) counts the trials the workers ran
        boolean proposed = search.getSpec().getBudgetCounts() == BudgetCount.PROPOSED;
        long cached = !proposed || search.getStatus() == null || search.getStatus().getController() == null ? 0
                : search.getStatus().getController().getCacheHits();
        long done = counts.getOk() + counts.getDiverged() + counts.getFailed() + cached;
        Long budget = search.getSpec().getTrials();
        status.setProgress(done + (budget == null ? "" : "/" + budget));
        return newlyFolded;
    }

    private static Condition condition(String status, String reason, String message, long generation) {
        return new ConditionBuilder().withType(VALID).withStatus(status).withReason(reason).withMessage(message)
                .withObservedGeneration(generation).withLastTransitionTime(Instant.now().toString()).build();
    }

    /** The conditions with {@code c} in place of the one of its type (keeping its transition time if unchanged). */
    private static List<Condition> withCondition(List<Condition> conditions, Condition c) {
        List<Condition> out = new ArrayList<>();
        for (Condition o : conditions == null ? List.<Condition>of() : conditions) {
            if (!o.getType().equals(c.getType())) {
                out.add(o);
            } else if (o.getStatus().equals(c.getStatus())) {
                c.setLastTransitionTime(o.getLastTransitionTime());
            }
        }
        out.add(c);
        return out;
    }

    /** True when nothing the operator writes changed (transition times aside). */
    private static boolean sameStatus(OptimizerSearchStatus a, OptimizerSearchStatus b) {
        return a.getPhase() == b.getPhase() && Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
                && Objects.equals(a.getProgress(), b.getProgress()) && Objects.equals(a.getFolded(), b.getFolded())
                && counts(a).equals(counts(b)) && Objects.equals(ranked(a), ranked(b))
                && Objects.equals(valid(a), valid(b)) && a.getStartedAt() != null;
    }

    private static List<Long> counts(OptimizerSearchStatus s) {
        TrialCounts t = s.getTrials() == null ? new TrialCounts() : s.getTrials();
        return List.of(t.getOk(), t.getDiverged(), t.getFailed(), t.getRunning());
    }

    private static List<String> ranked(OptimizerSearchStatus s) {
        return s.getLeaderboard() == null ? List.of()
                : s.getLeaderboard().stream().map(r -> r.getTrial() + ":" + r.getReward()).toList();
    }

    private static List<String> valid(OptimizerSearchStatus s) {
        return s.getConditions() == null ? null : s.getConditions().stream().filter(c -> c.getType().equals(VALID))
                .map(c -> c.getStatus() + c.getMessage() + c.getObservedGeneration()).toList();
    }
}
