package dev.nos.child;

import dev.nos.schedule.LinearCosineDecaySchedule;
import java.util.Locale;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * How the learning rate of one child training run moves over its steps. {@link #CONSTANT} is the paper's protocol
 * (Section 5 trains each rule at one rate); {@link #LINEAR} is this project's choice for the search proxy: the rate
 * falls linearly from the chosen value to 0 at the run's last step, which damps the step-to-step swing of the final
 * accuracy: on the proxy's sizes it cut the seed-to-seed spread 2 to 4 times (docs/results.md, "A proxy with
 * resolution").
 */
public enum LearningRateDecay {
    /** The rate stays where the sweep put it (the paper's). */
    CONSTANT,
    /** The rate falls linearly to 0 over the run's steps (ours, for the proxy). */
    LINEAR;

    /**
     * {@code updater}, set to follow this decay from {@code learningRate} over {@code totalSteps} steps. The
     * updater's own rate is kept for {@link #CONSTANT}.
     */
    public IUpdater apply(IUpdater updater, double learningRate, long totalSteps) {
        if (this == LINEAR) { // linear cosine decay with no cosine period and no floor: lr * (T - t) / T
            // (not DL4J's PolySchedule: in 1.0.0-M2.1 its power-1 form grows, lr * (1 + t / T), LearningRateDecayTest)
            updater.setLrAndSchedule(learningRate,
                    new LinearCosineDecaySchedule(learningRate, Math.max(1, totalSteps), 0, 0, 0));
        }
        return updater;
    }

    /** {@code constant} or {@code linear} (any case). */
    public static LearningRateDecay parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown learning-rate decay '" + s + "'; known: constant, linear");
        }
    }
}
