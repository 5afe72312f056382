package dev.nos.schedule;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * The paper's restart decay {@code rd_n}: a cosine decay that restarts n times over T steps
 * (SGDR-like), floored like {@link CosineDecaySchedule} with alpha. With step t (not clamped: the restarts
 * go on past T):
 * <pre>
 *   restart = 0.5 * (1 + cos(pi * ((t * n) mod T) / T))
 *   value   = initialValue * ((1 - alpha) * restart + alpha)
 * </pre>
 */
public class RestartDecaySchedule extends DecaySchedule {
    private static final long serialVersionUID = 1L;

    private final double numPeriods;
    private final double alpha;

    /** alpha 0, counting iterations. */
    public RestartDecaySchedule(double initialValue, long decaySteps, double numPeriods) {
        this(ScheduleType.ITERATION, initialValue, decaySteps, numPeriods, 0.0);
    }

    /** Counting iterations. */
    public RestartDecaySchedule(double initialValue, long decaySteps, double numPeriods, double alpha) {
        this(ScheduleType.ITERATION, initialValue, decaySteps, numPeriods, alpha);
    }

    @JsonCreator
    public RestartDecaySchedule(@JsonProperty("scheduleType") ScheduleType scheduleType,
                                @JsonProperty("initialValue") double initialValue,
                                @JsonProperty("decaySteps") long decaySteps,
                                @JsonProperty("numPeriods") double numPeriods,
                                @JsonProperty("alpha") double alpha) {
        super(scheduleType, initialValue, decaySteps);
        if (!(numPeriods > 0) || Double.isInfinite(numPeriods)) {
            throw new IllegalArgumentException(getClass().getSimpleName()
                    + ": numPeriods must be positive and finite, got " + numPeriods);
        }
        this.numPeriods = numPeriods;
        this.alpha = requireFinite(getClass().getSimpleName(), "alpha", alpha);
    }

    @Override
    protected double multiplier(int iteration, int epoch) {
        double t = Math.max(0, step(iteration, epoch));
        double phase = (t * numPeriods) % decaySteps;
        double restart = 0.5 * (1 + Math.cos(Math.PI * phase / decaySteps));
        return (1 - alpha) * restart + alpha;
    }

    @Override
    public ISchedule clone() {
        return new RestartDecaySchedule(scheduleType, initialValue, decaySteps, numPeriods, alpha);
    }

    public double getNumPeriods() {
        return numPeriods;
    }

    public double getAlpha() {
        return alpha;
    }

    @Override
    public boolean equals(Object o) {
        if (!super.equals(o)) {
            return false;
        }
        RestartDecaySchedule s = (RestartDecaySchedule) o;
        return Double.compare(numPeriods, s.numPeriods) == 0 && Double.compare(alpha, s.alpha) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), numPeriods, alpha);
    }

    @Override
    public String toString() {
        return "RestartDecaySchedule(scheduleType=" + scheduleType + ", initialValue=" + initialValue
                + ", decaySteps=" + decaySteps + ", numPeriods=" + numPeriods + ", alpha=" + alpha + ")";
    }
}
