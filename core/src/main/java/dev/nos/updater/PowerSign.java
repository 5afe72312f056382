package dev.nos.updater;

import org.nd4j.shade.jackson.annotation.JsonAutoDetect;

/**
 * PowerSign (Bello et al. 2017) with TensorFlow's {@code tf.contrib.opt.PowerSignOptimizer} parameters:
 * {@code update = lr * base^(f(t) * sign(g) * sign(m)) * g}, m = beta m + (1 - beta) g (no bias correction),
 * f a {@link SignDecay}. Defaults: learning rate 0.1, base e, beta 0.9, no decay. One state slot per parameter.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public class PowerSign extends SignConfig<PowerSign> {
    private static final long serialVersionUID = 1L;

    public static final double DEFAULT_BASE = Math.E;

    private double base = DEFAULT_BASE;

    public PowerSign() {
        super(DEFAULT_LEARNING_RATE);
    }

    public PowerSign(double learningRate) {
        super(learningRate);
    }

    public PowerSign(double learningRate, double base, double beta, SignDecay signDecay) {
        super(learningRate, beta, signDecay);
        this.base = base;
    }

    public double getBase() {
        return base;
    }

    /** log(base), exactly 1 for base e. */
    double logBase() {
        return base == Math.E ? 1.0 : Math.log(base);
    }

    @Override
    String parameterName() {
        return "base";
    }

    @Override
    double parameter() {
        return base;
    }

    @Override
    SignUpdater<PowerSign> newUpdater() {
        return new PowerSignUpdater(this);
    }

    @Override
    public PowerSign clone() {
        return withLearningRateOf(new PowerSign(getLearningRate(), base, getBeta(), getSignDecay()));
    }
}
