package dev.nos.rosenbrock;

import java.util.List;

/**
 * A start point of the Rosenbrock comparison. The paper (Section 6.1, "Control Experiment with the Rosenbrock
 * function") gives the iterations and the tuning but no start point, so the start is our choice and the comparison
 * is reported over several (see {@link #COMPARISON}).
 */
public record StartPoint(double x, double y) {

    /** (-1.2, 1): Rosenbrock's own start (1960) and the usual one in the literature; our default. */
    public static final StartPoint CLASSIC = new StartPoint(-1.2, 1.0);

    /**
     * The starts we report the comparison over: the classic one, the origin, and two left of the valley's bend,
     * (-1.5, 1.5) and (-1.5, 2) (the latter was this project's earlier default).
     */
    public static final List<StartPoint> COMPARISON = List.of(CLASSIC, new StartPoint(0.0, 0.0),
            new StartPoint(-1.5, 1.5), new StartPoint(-1.5, 2.0));

    public StartPoint {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("start point must be finite, got (" + x + ", " + y + ")");
        }
    }

    /** The engine for this start and {@code iterations} per run. */
    public RosenbrockEngine engine(int iterations) {
        return new RosenbrockEngine(x, y, iterations);
    }
}
