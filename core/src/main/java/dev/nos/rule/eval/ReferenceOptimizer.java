package dev.nos.rule.eval;

import dev.nos.rule.Expr;
import dev.nos.rule.Rule;

import java.util.Objects;
import java.util.Random;

/**
 * A plain-Java optimizer that applies a {@link Rule} to a vector of weights, step by step, in double precision:
 * at step t it updates the moving averages with the gradients, evaluates the rule per element with
 * {@link ScalarEvaluator} and sets {@code w <- w - lr * U}. This is the reference the fast updaters are checked
 * against. Random draws come from a seeded {@link Random}, in element order (within an element, in evaluation
 * order of the random nodes), so the same seed repeats a run exactly.
 */
public final class ReferenceOptimizer {
    private final Rule rule;
    private final Expr expression;
    private final double learningRate;
    private final long totalSteps;
    private final MovingAverages averages;
    private final RandomSource random;
    private long step;

    public ReferenceOptimizer(Rule rule, double learningRate, long totalSteps, int size, long seed) {
        this.rule = Objects.requireNonNull(rule, "rule");
        this.expression = rule.expression();
        this.learningRate = learningRate;
        if (totalSteps < 0) {
            throw new IllegalArgumentException("totalSteps must be >= 0, got " + totalSteps);
        }
        this.totalSteps = totalSteps;
        this.averages = new MovingAverages(size);
        this.random = RandomSource.of(new Random(seed));
    }

    public Rule rule() {
        return rule;
    }

    /** The step the next call to {@link #step} performs (0 before the first). */
    public long t() {
        return step;
    }

    public MovingAverages averages() {
        return averages;
    }

    /**
     * One update in place: {@code weights[i] -= lr * U_i}. Returns the updates U (before scaling by lr).
     */
    public double[] step(double[] weights, double[] gradients) {
        if (weights.length != averages.size() || gradients.length != averages.size()) {
            throw new IllegalArgumentException("expected " + averages.size() + " weights and gradients, got "
                    + weights.length + " and " + gradients.length);
        }
        long t = step;
        averages.update(gradients);
        double[] updates = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            ElementInputs in = new ElementInputs(gradients[i], averages.mHat(i, t), averages.vHat(i, t),
                    averages.gammaHat(i, t), weights[i], t, totalSteps);
            updates[i] = ScalarEvaluator.evaluate(expression, in, random);
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] -= learningRate * updates[i];
        }
        step++;
        return updates;
    }
}
