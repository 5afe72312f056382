package dev.nos.operator;

import dev.nos.kubernetes.InvalidSpecException;
import dev.nos.kubernetes.OptimizerSearch;
import dev.nos.kubernetes.OptimizerSearchStatus;
import dev.nos.kubernetes.SearchPhase;
import dev.nos.kubernetes.SpecSettings;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Keeps an {@link OptimizerSearch}'s phase and conditions: a spec the schema accepted but nos cannot run is
 * {@code Failed} with an {@code Invalid} condition naming the field; a valid one is {@code Running}, or
 * {@code Suspended} while {@code spec.suspend} is set. Sets {@code observedGeneration} and {@code startedAt}.
 * (The controller pod, its RBAC and the folding of finished batches into the status come next: docs/kubernetes.md.)
 */
@ControllerConfiguration
public final class OptimizerSearchReconciler implements Reconciler<OptimizerSearch> {
    /** The condition that says whether the spec can run. */
    public static final String VALID = "Valid";

    @Override
    public UpdateControl<OptimizerSearch> reconcile(OptimizerSearch search, Context<OptimizerSearch> context) {
        OptimizerSearchStatus old = search.getStatus() == null ? new OptimizerSearchStatus() : search.getStatus();
        long generation = search.getMetadata().getGeneration() == null ? 0 : search.getMetadata().getGeneration();
        Condition valid;
        SearchPhase phase;
        try {
            SpecSettings.of(search.getSpec());
            valid = condition(VALID, "True", "SpecAccepted", "the spec can run", generation);
            phase = Boolean.TRUE.equals(search.getSpec().getSuspend()) ? SearchPhase.Suspended
                    : old.getPhase() == SearchPhase.Succeeded ? SearchPhase.Succeeded : SearchPhase.Running;
        } catch (InvalidSpecException e) {
            valid = condition(VALID, "False", "Invalid", e.getMessage(), generation);
            phase = SearchPhase.Failed;
        }
        if (phase == old.getPhase() && Objects.equals(old.getObservedGeneration(), generation)
                && sameCondition(old.getConditions(), valid)) {
            return UpdateControl.noUpdate();
        }
        OptimizerSearchStatus status = new OptimizerSearchStatus();
        status.setPhase(phase);
        status.setObservedGeneration(generation);
        List<Condition> conditions = new ArrayList<>();
        for (Condition c : old.getConditions()) {
            if (!c.getType().equals(VALID)) {
                conditions.add(c);
            }
        }
        Condition previous = old.getConditions().stream().filter(c -> c.getType().equals(VALID)).findFirst().orElse(null);
        if (previous != null && previous.getStatus().equals(valid.getStatus())) {
            valid.setLastTransitionTime(previous.getLastTransitionTime());
        }
        conditions.add(valid);
        status.setConditions(conditions);
        status.setStartedAt(old.getStartedAt() != null ? old.getStartedAt() : Instant.now().toString());
        OptimizerSearch patch = new OptimizerSearch();
        patch.setMetadata(new ObjectMetaBuilder().withName(search.getMetadata().getName())
                .withNamespace(search.getMetadata().getNamespace()).build());
        patch.setStatus(status);
        return UpdateControl.patchStatus(patch);
    }

    private static Condition condition(String type, String status, String reason, String message, long generation) {
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withObservedGeneration(generation).withLastTransitionTime(Instant.now().toString()).build();
    }

    private static boolean sameCondition(List<Condition> conditions, Condition c) {
        return conditions.stream().anyMatch(o -> o.getType().equals(c.getType()) && o.getStatus().equals(c.getStatus())
                && Objects.equals(o.getMessage(), c.getMessage()) && Objects.equals(o.getObservedGeneration(),
                c.getObservedGeneration()));
    }
}
