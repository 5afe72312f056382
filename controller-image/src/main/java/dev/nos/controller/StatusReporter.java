package dev.nos.controller;

import dev.nos.engine.SearchListener;
import dev.nos.engine.SearchStats;
import dev.nos.engine.TrialEntry;
import dev.nos.kubernetes.ControllerReport;
import dev.nos.kubernetes.OptimizerSearch;
import dev.nos.kubernetes.OptimizerSearchStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.util.function.DoubleSupplier;

/**
 * Writes {@code status.controller} of the search (what only the engine knows: trials logged, cache hits, controller
 * updates, the entropy estimate and the loss of {@link ControllerMetrics}, and {@code finished} once the budget is spent) by server-side apply with its own field manager
 * ({@value #FIELD_MANAGER}), so it never touches the fields the operator owns. At most every
 * {@code minSeconds} while the search runs, and once when it stops.
 */
public final class StatusReporter implements SearchListener {
    public static final String FIELD_MANAGER = "nos-controller";

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final double minSeconds;
    private final DoubleSupplier entropy;
    private final DoubleSupplier loss;
    private double lastReport = -1;

    /**
     * @param entropy the controller's entropy estimate (NaN: none yet)
     * @param loss    the controller's loss on its last update (NaN: none yet)
     */
    public StatusReporter(KubernetesClient client, OptimizerSearch search, double minSeconds, DoubleSupplier entropy,
                          DoubleSupplier loss) {
        this.client = client;
        this.entropy = entropy;
        this.loss = loss;
        this.namespace = search.getMetadata().getNamespace();
        this.name = search.getMetadata().getName();
        this.minSeconds = minSeconds;
    }

    @Override
    public void trialFinished(TrialEntry entry, SearchStats stats) {
        if (lastReport < 0 || stats.seconds() - lastReport >= minSeconds) {
            lastReport = stats.seconds();
            report(stats, false);
        }
    }

    @Override
    public void searchStopped(SearchStats stats) {
        report(stats, false);
    }

    /** Reports {@code stats}. */
    void report(SearchStats stats, Boolean finished) {
        ControllerReport r = new ControllerReport();
        r.setTrials(stats.trials());
        r.setCacheHits(stats.cacheHits());
        r.setUpdates(stats.updates());
        r.setFinished(finished);
        r.setOnlyRepeats(stats.onlyRepeats() ? Boolean.TRUE : null);
        double h = entropy.getAsDouble();
        r.setEntropy(Double.isNaN(h) ? null : h);
        double l = loss.getAsDouble();
        r.setLoss(Double.isNaN(l) ? null : l);
        OptimizerSearch patch = new OptimizerSearch();
        patch.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        OptimizerSearchStatus status = new OptimizerSearchStatus();
        status.setController(r);
        patch.setStatus(status);
        client.resource(patch).inNamespace(namespace).subresource("status").patch(new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager(FIELD_MANAGER).withForce(true).build());
    }

    /** Says the search is finished: its budget is spent and every trial is logged. */
    void finished(SearchStats stats) {
        report(stats, true);
    }
}
