package dev.nos.updater;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;

/**
 * PowerSign (Bello et al. 2017) with TensorFlow's {@code tf.contrib.opt.PowerSignOptimizer} parameters:
 * {@code update = lr * base^(f(t) * sign(g) * sign(m)) * g}, m = beta m + (1 - beta) g (no bias correction),
 * f a {@link SignDecay}. Defaults: learning rate 0.1, base e, beta 0.9, no decay. One state slot per parameter.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public class PowerSign extends LearningRateConfig {
    private static final long serialVersionUID = 1L;

    public static final double DEFAULT_LEARNING_RATE = 0.1;
    public static final double DEFAULT_BASE = Math.E;
    public static final double DEFAULT_BETA = 0.9;

    private double base = DEFAULT_BASE;
    private double beta = DEFAULT_BETA;
    private SignDecay signDecay = SignDecay.none();

    public PowerSign() {
        super(DEFAULT_LEARNING_RATE);
    }

    public PowerSign(double learningRate) {
        super(learningRate);
    }

    public PowerSign(double learningRate, double base, double beta, SignDecay signDecay) {
        super(learningRate);
        this.base = base;
        this.beta = beta;
        this.signDecay = Objects.requireNonNull(signDecay, "signDecay");
    }

    public PowerSign learningRateSchedule(ISchedule schedule) {
        setLearningRateSchedule(schedule);
        return this;
    }

    public PowerSign signDecay(SignDecay decay) {
        this.signDecay = Objects.requireNonNull(decay, "signDecay");
        return this;
    }

    public double getBase() {
        return base;
    }

    public double getBeta() {
        return beta;
    }

    public SignDecay getSignDecay() {
        return signDecay;
    }

    /** log(base), exactly 1 for base e. */
    double logBase() {
        return base == Math.E ? 1.0 : Math.log(base);
    }

    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        PowerSignUpdater u = new PowerSignUpdater(this);
        u.setStateViewArray(viewArray, new long[] {viewArray.length()}, 'c', initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        PowerSignUpdater u = new PowerSignUpdater(this);
        u.setState(updaterState, initializeStateArrays);
        return u;
    }

    @Override
    public PowerSign clone() {
        return withLearningRateOf(new PowerSign(getLearningRate(), base, beta, signDecay));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PowerSign)) {
            return false;
        }
        PowerSign p = (PowerSign) o;
        return sameLearningRate(p) && Double.compare(base, p.base) == 0
                && Double.compare(beta, p.beta) == 0 && signDecay.equals(p.signDecay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRateHash(), base, beta, signDecay);
    }

    @Override
    public String toString() {
        return "PowerSign(lr=" + getLearningRate() + ", base=" + base + ", beta=" + beta + ", signDecay=" + signDecay + ")";
    }
}
