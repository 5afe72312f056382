package dev.nos.updater;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;

/**
 * What {@link PowerSign} and {@link AddSign} share, with TensorFlow's {@code tf.contrib.opt} parameters: the moving
 * average m = beta m + (1 - beta) g (no bias correction), the internal decay f, a {@link SignDecay}, and one state
 * slot per parameter. A subclass adds its own parameter (PowerSign's base, AddSign's alpha) and its updater.
 *
 * @param <T> the subclass, which the fluent setters return
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public abstract class SignConfig<T extends SignConfig<T>> extends LearningRateConfig {
    private static final long serialVersionUID = 1L;

    public static final double DEFAULT_LEARNING_RATE = 0.1;
    public static final double DEFAULT_BETA = 0.9;

    private double beta = DEFAULT_BETA;
    private SignDecay signDecay = SignDecay.none();

    protected SignConfig(double learningRate) {
        super(learningRate);
    }

    protected SignConfig(double learningRate, double beta, SignDecay signDecay) {
        super(learningRate);
        this.beta = beta;
        this.signDecay = Objects.requireNonNull(signDecay, "signDecay");
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    public T learningRateSchedule(ISchedule schedule) {
        setLearningRateSchedule(schedule);
        return self();
    }

    public T signDecay(SignDecay decay) {
        this.signDecay = Objects.requireNonNull(decay, "signDecay");
        return self();
    }

    public double getBeta() {
        return beta;
    }

    public SignDecay getSignDecay() {
        return signDecay;
    }

    /** The name of the subclass's own parameter, for {@link #toString}. */
    abstract String parameterName();

    /** The value of the subclass's own parameter. */
    abstract double parameter();

    /** A fresh updater of this configuration, its state not yet set. */
    abstract SignUpdater<T> newUpdater();

    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        SignUpdater<T> u = newUpdater();
        u.setStateViewArray(viewArray, new long[] {viewArray.length()}, 'c', initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        SignUpdater<T> u = newUpdater();
        u.setState(updaterState, initializeStateArrays);
        return u;
    }

    @Override
    public abstract T clone();

    @Override
    public boolean equals(Object o) {
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        SignConfig<?> s = (SignConfig<?>) o;
        return sameLearningRate(s) && Double.compare(parameter(), s.parameter()) == 0
                && Double.compare(beta, s.beta) == 0 && signDecay.equals(s.signDecay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRateHash(), parameter(), beta, signDecay);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(lr=" + getLearningRate() + ", " + parameterName() + "=" + parameter()
                + ", beta=" + beta + ", signDecay=" + signDecay + ")";
    }
}
