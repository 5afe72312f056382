package dev.nos.rosenbrock;

/**
 * One run of one optimizer setting on the Rosenbrock function.
 *
 * @param learningRate the learning rate used
 * @param epsilon      the epsilon used, or NaN when the optimizer has none tuned
 * @param finalLoss    f at the last point (NaN when diverged)
 * @param distance     distance of the last point to the optimum (1, 1) (NaN when diverged)
 * @param divergedAt   the iteration at which the point or the loss stopped being finite, or -1
 * @param trajectory   the points visited (up to the divergence)
 */
public record Run(double learningRate, double epsilon, double finalLoss, double distance, int divergedAt,
                  Trajectory trajectory) {

    public boolean diverged() {
        return divergedAt >= 0;
    }

    public boolean hasEpsilon() {
        return !Double.isNaN(epsilon);
    }
}
