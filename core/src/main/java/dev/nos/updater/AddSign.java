package dev.nos.updater;

import org.nd4j.shade.jackson.annotation.JsonAutoDetect;

/**
 * AddSign (Bello et al. 2017) with TensorFlow's {@code tf.contrib.opt.AddSignOptimizer} parameters:
 * {@code update = lr * (alpha + f(t) * sign(g) * sign(m)) * g}, m = beta m + (1 - beta) g (no bias correction),
 * f a {@link SignDecay}. Defaults: learning rate 0.1, alpha 1, beta 0.9, no decay. One state slot per parameter.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public class AddSign extends SignConfig<AddSign> {
    private static final long serialVersionUID = 1L;

    public static final double DEFAULT_ALPHA = 1.0;

    private double alpha = DEFAULT_ALPHA;

    public AddSign() {
        super(DEFAULT_LEARNING_RATE);
    }

    public AddSign(double learningRate) {
        super(learningRate);
    }

    public AddSign(double learningRate, double alpha, double beta, SignDecay signDecay) {
        super(learningRate, beta, signDecay);
        this.alpha = alpha;
    }

    public double getAlpha() {
        return alpha;
    }

    @Override
    String parameterName() {
        return "alpha";
    }

    @Override
    double parameter() {
        return alpha;
    }

    @Override
    SignUpdater<AddSign> newUpdater() {
        return new AddSignUpdater(this);
    }

    @Override
    public AddSign clone() {
        return withLearningRateOf(new AddSign(getLearningRate(), alpha, getBeta(), getSignDecay()));
    }
}
