package dev.nos.cli;

import dev.nos.rule.Rule;

/**
 * Runs a rule on given gradients with the real updater (RuleGradientUpdater, on DOUBLE arrays, the
 * params-taking overload so rules that read the weights work): {@code w <- w - lr * U} per step.
 */
final class TraceRunner {
    private TraceRunner() {}

    /** The weights after each step, one row per gradient. */
    static double[][] run(Rule rule, TraceCase c) {
        // INTEGRATION(upd):
        //   RuleUpdater config = new RuleUpdater(rule, c.learningRate()).totalSteps(c.totalSteps()).seed(c.seed());
        //   INDArray params = Nd4j.create(new double[][]{c.weights()});
        //   long n = params.length(), s = config.stateSize(n);
        //   RuleGradientUpdater u = (RuleGradientUpdater) config.instantiate(s > 0 ? Nd4j.zeros(DataType.DOUBLE, 1, s) : null, true);
        //   for (int i = 0; i < c.gradients().length; i++) {
        //       INDArray grad = Nd4j.create(new double[][]{c.gradients()[i]});
        //       u.applyUpdater(grad, params, i, 0); params.subi(grad); out[i] = params.toDoubleVector();
        //   }
        throw new IllegalStateException("rule trace needs dev.nos.updater.RuleGradientUpdater, not on this build yet");
    }
}
