package dev.nos.rosenbrock;

import dev.nos.updater.RuleGradientUpdater;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * One updater step: overwrites the gradient with the update. Updaters that read the weights (rules with a
 * {@code w} operand) get them through their params-taking overload.
 */
final class UpdaterStep {
    private UpdaterStep() {}

    static void apply(GradientUpdater<?> updater, INDArray gradient, INDArray params, int iteration) {
        if (updater instanceof RuleGradientUpdater) {
            ((RuleGradientUpdater) updater).applyUpdater(gradient, params, iteration, 0);
            return;
        }
        updater.applyUpdater(gradient, iteration, 0);
    }
}
