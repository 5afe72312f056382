package dev.nos.cli;

import dev.nos.rule.Rule;
import dev.nos.updater.RuleGradientUpdater;
import dev.nos.updater.RuleUpdater;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs a rule on given gradients with the real updater ({@link RuleGradientUpdater} on DOUBLE arrays, through the
 * params-taking overload so rules that read the weights work): per step the gradient is replaced by
 * {@code lr * U} and {@code w <- w - lr * U}, as DL4J does.
 */
final class TraceRunner {
    private TraceRunner() {}

    /** The weights after each step, one row per gradient. */
    static double[][] run(Rule rule, TraceCase c) {
        RuleUpdater config = new RuleUpdater(rule, c.learningRate()).totalSteps(c.totalSteps()).seed(c.seed());
        INDArray params = Nd4j.create(new double[][]{c.weights()});
        long stateSize = config.stateSize(params.length());
        INDArray state = stateSize > 0 ? Nd4j.zeros(DataType.DOUBLE, 1, stateSize) : null;
        RuleGradientUpdater updater = (RuleGradientUpdater) config.instantiate(state, true);
        double[][] out = new double[c.gradients().length][];
        for (int i = 0; i < out.length; i++) {
            INDArray grad = Nd4j.create(new double[][]{c.gradients()[i]});
            updater.applyUpdater(grad, params, i, 0);
            params.subi(grad);
            out[i] = params.toDoubleVector();
        }
        return out;
    }
}
