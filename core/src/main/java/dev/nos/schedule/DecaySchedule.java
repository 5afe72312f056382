package dev.nos.schedule;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.Objects;

/**
 * Shared base of the decay schedules: an initial value, a number of decay steps T and whether a step is
 * an iteration or an epoch (DL4J's {@link ScheduleType}, {@link ScheduleType#ITERATION} by default).
 * Subclasses say how the multiplier of the initial value depends on the step.
 */
public abstract class DecaySchedule implements ISchedule {
    private static final long serialVersionUID = 1L;

    protected final ScheduleType scheduleType;
    protected final double initialValue;
    protected final long decaySteps;

    protected DecaySchedule(ScheduleType scheduleType, double initialValue, long decaySteps) {
        this.scheduleType = scheduleType == null ? ScheduleType.ITERATION : scheduleType;
        if (!Double.isFinite(initialValue)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": initial value must be finite, got " + initialValue);
        }
        if (decaySteps <= 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": decay steps must be positive, got " + decaySteps);
        }
        this.initialValue = initialValue;
        this.decaySteps = decaySteps;
    }

    /** The step this schedule counts: the iteration or the epoch, by {@link #getScheduleType()}. */
    protected final long step(int iteration, int epoch) {
        return scheduleType == ScheduleType.ITERATION ? iteration : epoch;
    }

    /** The step, but no more than the decay steps (TensorFlow's {@code min(global_step, decay_steps)}). */
    protected final long clampedStep(int iteration, int epoch) {
        return Math.min(Math.max(0, step(iteration, epoch)), decaySteps);
    }

    @Override
    public final double valueAt(int iteration, int epoch) {
        return initialValue * multiplier(iteration, epoch);
    }

    /** The factor the initial value is multiplied by at this iteration and epoch. */
    protected abstract double multiplier(int iteration, int epoch);

    @Override
    public abstract ISchedule clone();

    public ScheduleType getScheduleType() {
        return scheduleType;
    }

    public double getInitialValue() {
        return initialValue;
    }

    public long getDecaySteps() {
        return decaySteps;
    }

    protected static double requireFinite(String schedule, String what, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(schedule + ": " + what + " must be finite, got " + value);
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        DecaySchedule d = (DecaySchedule) o;
        return scheduleType == d.scheduleType && Double.compare(initialValue, d.initialValue) == 0
                && decaySteps == d.decaySteps;
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), scheduleType, initialValue, decaySteps);
    }
}
