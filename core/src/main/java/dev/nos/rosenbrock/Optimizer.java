package dev.nos.rosenbrock;

import dev.nos.updater.UpdaterFactory;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.List;
import java.util.Objects;
import java.util.function.DoubleFunction;

/**
 * A named optimizer with the grid it is tuned over: every learning rate, times every epsilon when
 * {@link #epsilons()} is not empty.
 *
 * @param factory the updater factory of an epsilon of the grid (NaN when none is tuned); the engine calls it with a
 *                learning rate and its number of iterations as the total steps
 */
public record Optimizer(String name, List<Double> learningRates, List<Double> epsilons,
                        DoubleFunction<UpdaterFactory> factory) {

    public Optimizer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(factory, "factory");
        learningRates = List.copyOf(learningRates);
        epsilons = List.copyOf(epsilons);
        if (learningRates.isEmpty()) {
            throw new IllegalArgumentException("optimizer " + name + " needs at least one learning rate");
        }
        for (double lr : learningRates) {
            if (!(lr > 0) || Double.isInfinite(lr)) {
                throw new IllegalArgumentException("optimizer " + name + ": learning rates must be positive, got " + lr);
            }
        }
    }

    /** An optimizer tuned over learning rates only. */
    public static Optimizer of(String name, List<Double> learningRates, DoubleFunction<IUpdater> factory) {
        return new Optimizer(name, learningRates, List.of(), eps -> (lr, totalSteps) -> factory.apply(lr));
    }

    /** An optimizer tuned over learning rates and epsilons; {@code factory} gives the updater factory of an epsilon. */
    public static Optimizer withEpsilon(String name, List<Double> learningRates, List<Double> epsilons,
                                        DoubleFunction<UpdaterFactory> factory) {
        if (epsilons.isEmpty()) {
            throw new IllegalArgumentException("optimizer " + name + " needs at least one epsilon");
        }
        return new Optimizer(name, learningRates, epsilons, factory);
    }

    /** The same optimizer over another learning-rate grid. */
    public Optimizer withLearningRates(List<Double> grid) {
        return new Optimizer(name, grid, epsilons, factory);
    }

    /** Number of runs tuning takes. */
    public int settings() {
        return learningRates.size() * Math.max(1, epsilons.size());
    }
}
