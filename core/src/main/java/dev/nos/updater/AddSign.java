package dev.nos.updater;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;

/**
 * AddSign (Bello et al. 2017) with TensorFlow's {@code tf.contrib.opt.AddSignOptimizer} parameters:
 * {@code update = lr * (alpha + f(t) * sign(g) * sign(m)) * g}, m = beta m + (1 - beta) g (no bias correction),
 * f a {@link SignDecay}. Defaults: learning rate 0.1, alpha 1, beta 0.9, no decay. One state slot per parameter.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public class AddSign extends LearningRateConfig {
    private static final long serialVersionUID = 1L;

    public static final double DEFAULT_LEARNING_RATE = 0.1;
    public static final double DEFAULT_ALPHA = 1.0;
    public static final double DEFAULT_BETA = 0.9;

    private double alpha = DEFAULT_ALPHA;
    private double beta = DEFAULT_BETA;
    private SignDecay signDecay = SignDecay.none();

    public AddSign() {
        super(DEFAULT_LEARNING_RATE);
    }

    public AddSign(double learningRate) {
        super(learningRate);
    }

    public AddSign(double learningRate, double alpha, double beta, SignDecay signDecay) {
        super(learningRate);
        this.alpha = alpha;
        this.beta = beta;
        this.signDecay = Objects.requireNonNull(signDecay, "signDecay");
    }

    public AddSign learningRateSchedule(ISchedule schedule) {
        setLearningRateSchedule(schedule);
        return this;
    }

    public AddSign signDecay(SignDecay decay) {
        this.signDecay = Objects.requireNonNull(decay, "signDecay");
        return this;
    }

    public double getAlpha() {
        return alpha;
    }

    public double getBeta() {
        return beta;
    }

    public SignDecay getSignDecay() {
        return signDecay;
    }

    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        AddSignUpdater u = new AddSignUpdater(this);
        u.setStateViewArray(viewArray, new long[] {viewArray.length()}, 'c', initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        AddSignUpdater u = new AddSignUpdater(this);
        u.setState(updaterState, initializeStateArrays);
        return u;
    }

    @Override
    public AddSign clone() {
        return withLearningRateOf(new AddSign(getLearningRate(), alpha, beta, signDecay));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AddSign)) {
            return false;
        }
        AddSign p = (AddSign) o;
        return sameLearningRate(p) && Double.compare(alpha, p.alpha) == 0
                && Double.compare(beta, p.beta) == 0 && signDecay.equals(p.signDecay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRateHash(), alpha, beta, signDecay);
    }

    @Override
    public String toString() {
        return "AddSign(lr=" + getLearningRate() + ", alpha=" + alpha + ", beta=" + beta + ", signDecay=" + signDecay + ")";
    }
}
