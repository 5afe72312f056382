package dev.nos.schedule;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * Linear cosine decay, found by Neural Optimizer Search ({@code ld * cd}) and shipped by TensorFlow 1.x as
 * {@code linear_cosine_decay}. With s = min(step, T):
 * <pre>
 *   linear = (T - s) / T
 *   cosine = 0.5 * (1 + cos(pi * 2 * numPeriods * s / T))
 *   value  = initialValue * ((alpha + linear) * cosine + beta)
 * </pre>
 * TensorFlow's defaults: numPeriods 0.5, alpha 0, beta 0.001.
 */
public class LinearCosineDecaySchedule extends DecaySchedule {
    private static final long serialVersionUID = 1L;

    public static final double DEFAULT_NUM_PERIODS = 0.5;
    public static final double DEFAULT_ALPHA = 0.0;
    public static final double DEFAULT_BETA = 0.001;

    private final double numPeriods;
    private final double alpha;
    private final double beta;

    /** With TensorFlow's defaults, counting iterations. */
    public LinearCosineDecaySchedule(double initialValue, long decaySteps) {
        this(ScheduleType.ITERATION, initialValue, decaySteps, DEFAULT_NUM_PERIODS, DEFAULT_ALPHA, DEFAULT_BETA);
    }

    /** Counting iterations. */
    public LinearCosineDecaySchedule(double initialValue, long decaySteps, double numPeriods, double alpha, double beta) {
        this(ScheduleType.ITERATION, initialValue, decaySteps, numPeriods, alpha, beta);
    }

    @JsonCreator
    public LinearCosineDecaySchedule(@JsonProperty("scheduleType") ScheduleType scheduleType,
                                     @JsonProperty("initialValue") double initialValue,
                                     @JsonProperty("decaySteps") long decaySteps,
                                     @JsonProperty("numPeriods") double numPeriods,
                                     @JsonProperty("alpha") double alpha,
                                     @JsonProperty("beta") double beta) {
        super(scheduleType, initialValue, decaySteps);
        String me = getClass().getSimpleName();
        this.numPeriods = requireFinite(me, "numPeriods", numPeriods);
        this.alpha = requireFinite(me, "alpha", alpha);
        this.beta = requireFinite(me, "beta", beta);
    }

    @Override
    protected double multiplier(int iteration, int epoch) {
        double s = clampedStep(iteration, epoch);
        return (alpha + linear(s)) * cosine(s) + beta;
    }

    /** (T - s) / T for a clamped step s. */
    protected final double linear(double s) {
        return (decaySteps - s) / (double) decaySteps;
    }

    /** 0.5 * (1 + cos(pi * 2 * numPeriods * s / T)) for a clamped step s. */
    protected final double cosine(double s) {
        return 0.5 * (1 + Math.cos(Math.PI * 2 * numPeriods * s / decaySteps));
    }

    @Override
    public ISchedule clone() {
        return new LinearCosineDecaySchedule(scheduleType, initialValue, decaySteps, numPeriods, alpha, beta);
    }

    public double getNumPeriods() {
        return numPeriods;
    }

    public double getAlpha() {
        return alpha;
    }

    public double getBeta() {
        return beta;
    }

    @Override
    public boolean equals(Object o) {
        if (!super.equals(o)) {
            return false;
        }
        LinearCosineDecaySchedule s = (LinearCosineDecaySchedule) o;
        return Double.compare(numPeriods, s.numPeriods) == 0 && Double.compare(alpha, s.alpha) == 0
                && Double.compare(beta, s.beta) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), numPeriods, alpha, beta);
    }

    @Override
    public String toString() {
        return "LinearCosineDecaySchedule(scheduleType=" + scheduleType + ", initialValue=" + initialValue
                + ", decaySteps=" + decaySteps + ", numPeriods=" + numPeriods + ", alpha=" + alpha + ", beta=" + beta + ")";
    }
}
