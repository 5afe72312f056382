package dev.nos.schedule;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * Noisy linear cosine decay, found by Neural Optimizer Search ({@code (ld + eps_t) * cd + 0.001}) and shipped
 * by TensorFlow 1.x as {@code noisy_linear_cosine_decay}. With s = min(step, T):
 * <pre>
 *   linear = (T - s) / T
 *   cosine = 0.5 * (1 + cos(pi * 2 * numPeriods * s / T))
 *   eps_t  ~ N(0, initialVariance / (1 + s)^varianceDecay)
 *   value  = initialValue * ((alpha + linear + eps_t) * cosine + beta)
 * </pre>
 * TensorFlow's defaults: initialVariance 1, varianceDecay 0.55, numPeriods 0.5, alpha 0, beta 0.001.
 *
 * <p>The noise is a function of (seed, step), not of a random stream: asking for the same step twice gives
 * the same value, in any order, also after a clone or a JSON round trip.
 */
public class NoisyLinearCosineDecaySchedule extends LinearCosineDecaySchedule {
    private static final long serialVersionUID = 1L;

    public static final double DEFAULT_INITIAL_VARIANCE = 1.0;
    public static final double DEFAULT_VARIANCE_DECAY = 0.55;

    private final double initialVariance;
    private final double varianceDecay;
    private final long seed;

    /** With TensorFlow's defaults, counting iterations. */
    public NoisyLinearCosineDecaySchedule(double initialValue, long decaySteps, long seed) {
        this(ScheduleType.ITERATION, initialValue, decaySteps, DEFAULT_INITIAL_VARIANCE, DEFAULT_VARIANCE_DECAY,
                DEFAULT_NUM_PERIODS, DEFAULT_ALPHA, DEFAULT_BETA, seed);
    }

    /** Counting iterations. */
    public NoisyLinearCosineDecaySchedule(double initialValue, long decaySteps, double initialVariance,
                                          double varianceDecay, double numPeriods, double alpha, double beta, long seed) {
        this(ScheduleType.ITERATION, initialValue, decaySteps, initialVariance, varianceDecay, numPeriods, alpha, beta, seed);
    }

    @JsonCreator
    public NoisyLinearCosineDecaySchedule(@JsonProperty("scheduleType") ScheduleType scheduleType,
                                          @JsonProperty("initialValue") double initialValue,
                                          @JsonProperty("decaySteps") long decaySteps,
                                          @JsonProperty("initialVariance") double initialVariance,
                                          @JsonProperty("varianceDecay") double varianceDecay,
                                          @JsonProperty("numPeriods") double numPeriods,
                                          @JsonProperty("alpha") double alpha,
                                          @JsonProperty("beta") double beta,
                                          @JsonProperty("seed") long seed) {
        super(scheduleType, initialValue, decaySteps, numPeriods, alpha, beta);
        if (!(initialVariance >= 0) || Double.isInfinite(initialVariance)) {
            throw new IllegalArgumentException(getClass().getSimpleName()
                    + ": initialVariance must be finite and not negative, got " + initialVariance);
        }
        this.initialVariance = initialVariance;
        this.varianceDecay = requireFinite(getClass().getSimpleName(), "varianceDecay", varianceDecay);
        this.seed = seed;
    }

    @Override
    protected double multiplier(int iteration, int epoch) {
        long s = clampedStep(iteration, epoch);
        return (getAlpha() + linear(s) + noise(s)) * cosine(s) + getBeta();
    }

    /** The noise eps_t at a clamped step s: N(0, initialVariance / (1 + s)^varianceDecay), fixed by (seed, s). */
    public double noise(long s) {
        double std = Math.sqrt(initialVariance / Math.pow(1 + s, varianceDecay));
        return std * CounterNormal.at(seed, s);
    }

    @Override
    public ISchedule clone() {
        return new NoisyLinearCosineDecaySchedule(scheduleType, initialValue, decaySteps, initialVariance,
                varianceDecay, getNumPeriods(), getAlpha(), getBeta(), seed);
    }

    public double getInitialVariance() {
        return initialVariance;
    }

    public double getVarianceDecay() {
        return varianceDecay;
    }

    public long getSeed() {
        return seed;
    }

    @Override
    public boolean equals(Object o) {
        if (!super.equals(o)) {
            return false;
        }
        NoisyLinearCosineDecaySchedule s = (NoisyLinearCosineDecaySchedule) o;
        return Double.compare(initialVariance, s.initialVariance) == 0
                && Double.compare(varianceDecay, s.varianceDecay) == 0 && seed == s.seed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), initialVariance, varianceDecay, seed);
    }

    @Override
    public String toString() {
        return "NoisyLinearCosineDecaySchedule(scheduleType=" + scheduleType + ", initialValue=" + initialValue
                + ", decaySteps=" + decaySteps + ", initialVariance=" + initialVariance + ", varianceDecay="
                + varianceDecay + ", numPeriods=" + getNumPeriods() + ", alpha=" + getAlpha() + ", beta=" + getBeta()
                + ", seed=" + seed + ")";
    }
}
