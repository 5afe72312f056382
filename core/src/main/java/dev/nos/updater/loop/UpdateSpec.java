package dev.nos.updater.loop;

import java.util.List;
import java.util.Objects;

/**
 * What one updater computes per element, the loop compiler's whole input: the moving averages it keeps (one state
 * slot each, in this order), the update {@code lr * U} as a {@link Node}, and the per-step values the update reads.
 *
 * @param averages   state slots: slot k is updated {@code a <- beta a + (1 - beta) g^power} before the update is
 *                   evaluated, and read as {@link Node.Average}{@code (k)}
 * @param update     the value that overwrites the gradient (the learning rate included)
 * @param stepValues how many {@link Node.Step} values there are
 * @param values     fills them once per step
 */
public record UpdateSpec(List<MovingAverage> averages, Node update, int stepValues, StepValues values) {

    /** Most state slots a spec may have (the language's m, v and gamma). */
    public static final int MAX_AVERAGES = 3;

    public UpdateSpec {
        averages = List.copyOf(averages);
        Objects.requireNonNull(update, "update");
        Objects.requireNonNull(values, "values");
        if (averages.size() > MAX_AVERAGES) {
            throw new IllegalArgumentException("at most " + MAX_AVERAGES + " moving averages, got " + averages.size());
        }
    }

    /** One state slot: the moving average of {@code g^power} with decay {@code beta}. */
    public record MovingAverage(int power, double beta) {
        public MovingAverage {
            if (power < 1 || power > 3) {
                throw new IllegalArgumentException("power must be 1, 2 or 3, got " + power);
            }
        }
    }

    /** Supplies the {@link Node.Step} values of one step. */
    @FunctionalInterface
    public interface StepValues {
        /** Writes the values of step {@code t} (0 first) with learning rate {@code lr} into {@code out}. */
        void fill(long t, double lr, double[] out);
    }
}
