package dev.nos.schedule;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * Cosine decay as TensorFlow's {@code cosine_decay}, the paper's {@code cd}. With s = min(step, T):
 * <pre>
 *   cosine = 0.5 * (1 + cos(pi * s / T))
 *   value  = initialValue * ((1 - alpha) * cosine + alpha)
 * </pre>
 * alpha (default 0) is the floor, as a fraction of the initial value.
 */
public class CosineDecaySchedule extends DecaySchedule {
    private static final long serialVersionUID = 1L;

    private final double alpha;

    /** alpha 0, counting iterations. */
    public CosineDecaySchedule(double initialValue, long decaySteps) {
        this(ScheduleType.ITERATION, initialValue, decaySteps, 0.0);
    }

    /** Counting iterations. */
    public CosineDecaySchedule(double initialValue, long decaySteps, double alpha) {
        this(ScheduleType.ITERATION, initialValue, decaySteps, alpha);
    }

    @JsonCreator
    public CosineDecaySchedule(@JsonProperty("scheduleType") ScheduleType scheduleType,
                               @JsonProperty("initialValue") double initialValue,
                               @JsonProperty("decaySteps") long decaySteps,
                               @JsonProperty("alpha") double alpha) {
        super(scheduleType, initialValue, decaySteps);
        this.alpha = requireFinite(getClass().getSimpleName(), "alpha", alpha);
    }

    @Override
    protected double multiplier(int iteration, int epoch) {
        double s = clampedStep(iteration, epoch);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * s / decaySteps));
        return (1 - alpha) * cosine + alpha;
    }

    @Override
    public ISchedule clone() {
        return new CosineDecaySchedule(scheduleType, initialValue, decaySteps, alpha);
    }

    public double getAlpha() {
        return alpha;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && Double.compare(alpha, ((CosineDecaySchedule) o).alpha) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), alpha);
    }

    @Override
    public String toString() {
        return "CosineDecaySchedule(scheduleType=" + scheduleType + ", initialValue=" + initialValue
                + ", decaySteps=" + decaySteps + ", alpha=" + alpha + ")";
    }
}
