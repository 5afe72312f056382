package dev.nos.updater;

import java.util.Objects;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;

/**
 * What every nos updater configuration shares with DL4J's own: a learning rate, or an {@link ISchedule} of it
 * that takes precedence. Subclasses add their own settings and include {@link #sameLearningRate} and
 * {@link #learningRateHash} in {@code equals}/{@code hashCode} (DL4J groups parameters into updater blocks by them).
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public abstract class LearningRateConfig implements IUpdater {
    private static final long serialVersionUID = 1L;

    private double learningRate;
    private ISchedule learningRateSchedule;

    protected LearningRateConfig(double learningRate) {
        this.learningRate = learningRate;
    }

    public double getLearningRate() {
        return learningRate;
    }

    public ISchedule getLearningRateSchedule() {
        return learningRateSchedule;
    }

    protected void setLearningRateSchedule(ISchedule schedule) {
        this.learningRateSchedule = schedule;
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule != null ? learningRateSchedule.valueAt(iteration, epoch) : learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        this.learningRate = lr;
        this.learningRateSchedule = lrSchedule;
    }

    /** Gives {@code copy} this configuration's learning rate and a clone of its schedule. */
    protected <T extends LearningRateConfig> T withLearningRateOf(T copy) {
        copy.setLrAndSchedule(learningRate, learningRateSchedule == null ? null : learningRateSchedule.clone());
        return copy;
    }

    protected boolean sameLearningRate(LearningRateConfig other) {
        return Double.compare(learningRate, other.learningRate) == 0
                && Objects.equals(learningRateSchedule, other.learningRateSchedule);
    }

    protected int learningRateHash() {
        return Objects.hash(Double.hashCode(learningRate), learningRateSchedule);
    }

    @Override
    public abstract LearningRateConfig clone();
}
