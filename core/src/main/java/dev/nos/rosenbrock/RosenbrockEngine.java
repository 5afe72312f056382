package dev.nos.rosenbrock;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Runs any DL4J {@link IUpdater} on the 2-D Rosenbrock function, exactly as a network would use it: the
 * point is a 1x2 DOUBLE row, the updater's state a view it instantiates, each iteration overwrites the
 * gradient with the update ({@code applyUpdater(grad, i, 0)}) and the point takes {@code params -= update}.
 * A run whose point or loss stops being finite is stopped and marked diverged, never an error.
 */
public final class RosenbrockEngine {
    /** The default start, {@link StartPoint#CLASSIC} (-1.2, 1): our choice, the paper gives none. */
    public static final double DEFAULT_START_X = StartPoint.CLASSIC.x();
    public static final double DEFAULT_START_Y = StartPoint.CLASSIC.y();
    /** The paper's iterations (Section 6.1): each optimizer is run for 4000. */
    public static final int DEFAULT_ITERATIONS = 4000;

    private final double startX;
    private final double startY;
    private final int iterations;

    public RosenbrockEngine(double startX, double startY, int iterations) {
        if (!Double.isFinite(startX) || !Double.isFinite(startY)) {
            throw new IllegalArgumentException("start point must be finite, got (" + startX + ", " + startY + ")");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
        }
        this.startX = startX;
        this.startY = startY;
        this.iterations = iterations;
    }

    /**
     * The classic start (-1.2, 1) and the paper's 4000 iterations. The start is ours: the paper (Section 6.1) gives
     * none.
     */
    public static RosenbrockEngine classic() {
        return new RosenbrockEngine(DEFAULT_START_X, DEFAULT_START_Y, DEFAULT_ITERATIONS);
    }

    public double startX() {
        return startX;
    }

    public double startY() {
        return startY;
    }

    public int iterations() {
        return iterations;
    }

    /** One run of this updater (learning rate and epsilon are only recorded in the result). */
    public Run run(IUpdater config, double learningRate, double epsilon) {
        IUpdater updaterConfig = config.clone();
        INDArray params = Nd4j.create(new double[][]{{startX, startY}});
        long stateSize = updaterConfig.stateSize(params.length());
        INDArray state = stateSize > 0 ? Nd4j.zeros(DataType.DOUBLE, 1, stateSize) : null;
        GradientUpdater<?> updater = updaterConfig.instantiate(state, true);

        double[] xs = new double[iterations + 1];
        double[] ys = new double[iterations + 1];
        xs[0] = startX;
        ys[0] = startY;
        int points = 1;
        int divergedAt = -1;
        double x = startX;
        double y = startY;
        for (int i = 0; i < iterations; i++) {
            INDArray grad = Nd4j.create(new double[][]{{RosenbrockFunction.dx(x, y), RosenbrockFunction.dy(x, y)}});
            UpdaterStep.apply(updater, grad, params, i);
            params.subi(grad);
            x = params.getDouble(0, 0);
            y = params.getDouble(0, 1);
            if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(RosenbrockFunction.value(x, y))) {
                divergedAt = i;
                break;
            }
            xs[points] = x;
            ys[points] = y;
            points++;
        }
        Trajectory trajectory = new Trajectory(java.util.Arrays.copyOf(xs, points), java.util.Arrays.copyOf(ys, points));
        boolean diverged = divergedAt >= 0;
        double loss = diverged ? Double.NaN : RosenbrockFunction.value(x, y);
        double distance = diverged ? Double.NaN : RosenbrockFunction.distanceToOptimum(x, y);
        return new Run(learningRate, epsilon, loss, distance, divergedAt, trajectory);
    }

    /**
     * Every setting of the optimizer's grid, each updater made with T = {@link #iterations()}; the best is the lowest
     * final loss among runs that did not diverge.
     */
    public OptimizerResult tune(Optimizer optimizer) {
        List<Run> runs = new ArrayList<>();
        List<Double> epsilons = optimizer.epsilons().isEmpty() ? List.of(Double.NaN) : optimizer.epsilons();
        for (double lr : optimizer.learningRates()) {
            for (double eps : epsilons) {
                runs.add(run(optimizer.factory().apply(eps).create(lr, iterations), lr, eps));
            }
        }
        return new OptimizerResult(optimizer.name(), runs, best(runs));
    }

    /** The run with the lowest final loss among those that did not diverge. */
    public static Optional<Run> best(List<Run> runs) {
        return runs.stream()
                .filter(r -> !r.diverged() && Double.isFinite(r.finalLoss()))
                .min(Comparator.comparingDouble(Run::finalLoss));
    }

    /** Tunes every optimizer and ranks them by the best final loss, lowest first (all-diverged ones last). */
    public List<OptimizerResult> compare(List<Optimizer> optimizers) {
        List<OptimizerResult> results = new ArrayList<>();
        for (Optimizer o : optimizers) {
            results.add(tune(o));
        }
        results.sort(Comparator.comparingDouble(OptimizerResult::rankingLoss));
        return results;
    }
}
