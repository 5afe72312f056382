package dev.nos.rosenbrock;

/** The Rosenbrock function f(x, y) = (1 - x)^2 + 100 (y - x^2)^2, its gradient and its minimum at (1, 1). */
public final class RosenbrockFunction {
    /** The minimiser (1, 1), where f = 0. */
    public static final double OPTIMUM_X = 1.0;
    public static final double OPTIMUM_Y = 1.0;

    private RosenbrockFunction() {}

    public static double value(double x, double y) {
        double a = 1 - x;
        double b = y - x * x;
        return a * a + 100 * b * b;
    }

    /** df/dx = -2 (1 - x) - 400 x (y - x^2). */
    public static double dx(double x, double y) {
        return -2 * (1 - x) - 400 * x * (y - x * x);
    }

    /** df/dy = 200 (y - x^2). */
    public static double dy(double x, double y) {
        return 200 * (y - x * x);
    }

    /** Euclidean distance from (x, y) to the optimum (1, 1). */
    public static double distanceToOptimum(double x, double y) {
        return Math.hypot(x - OPTIMUM_X, y - OPTIMUM_Y);
    }
}
