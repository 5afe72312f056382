package dev.nos.child;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * A local search for the learning rate after the sweep (ours, not the paper's): a step places the next rate at the
 * vertex of the parabola through the best rate so far and its two neighbours, in log10 of the rate (within half
 * the distance to each neighbour, since the best is the highest of the three); at the end of the grid (one
 * neighbour) it takes the geometric midpoint toward that neighbour. {@link #STEPS} steps follow the sweep.
 *
 * <p>Why: with a coarse grid (the proxy's 1e-3, 1e-2, 1e-1) a positive constant factor c in a rule acts as a
 * learning rate between grid points, so {@code c * rule} can score above {@code rule} for no reason but the grid
 * (docs/results.md, "PPO against REINFORCE and random search on the proxy"). With the rate placed continuously
 * near its best, the constant buys little.
 */
public final class LearningRateRefinement {
    private LearningRateRefinement() {}

    /** Extra runs after the sweep. */
    public static final int STEPS = 2;

    /** Closer than this (in decades) to a rate already tried, a probe is not run. */
    static final double MIN_DISTANCE = 0.02;

    /**
     * The next rate to try, given the accuracy at each rate tried so far (diverged rates at their recorded
     * accuracy); empty when there is nothing new to try.
     */
    public static OptionalDouble next(Map<Double, Double> accuracyByRate) {
        TreeMap<Double, Double> byLog = new TreeMap<>();
        accuracyByRate.forEach((rate, acc) -> {
            if (rate > 0 && acc != null && Double.isFinite(acc)) {
                byLog.put(Math.log10(rate), acc);
            }
        });
        if (byLog.size() < 2) {
            return OptionalDouble.empty();
        }
        double bestX = byLog.firstKey();
        for (Map.Entry<Double, Double> e : byLog.entrySet()) {
            if (e.getValue() > byLog.get(bestX)) {
                bestX = e.getKey();
            }
        }
        Double left = byLog.lowerKey(bestX);
        Double right = byLog.higherKey(bestX);
        double x;
        if (left == null || right == null) {
            double neighbour = left == null ? right : left;
            x = (bestX + neighbour) / 2;
        } else {
            // the best point is at least as high as its neighbours, so by the parabola's symmetry its vertex lies
            // within half the distance to each
            x = vertex(left, byLog.get(left), bestX, byLog.get(bestX), right, byLog.get(right));
        }
        Double below = byLog.floorKey(x);
        Double above = byLog.ceilingKey(x);
        if (below != null && x - below < MIN_DISTANCE || above != null && above - x < MIN_DISTANCE) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Math.pow(10, x));
    }

    /** The x of the vertex of the parabola through three points; x1 when they do not bend down. */
    static double vertex(double x0, double y0, double x1, double y1, double x2, double y2) {
        double denom = (x0 - x1) * (x0 - x2) * (x1 - x2);
        double a = (x2 * (y1 - y0) + x1 * (y0 - y2) + x0 * (y2 - y1)) / denom;
        double b = (x2 * x2 * (y0 - y1) + x1 * x1 * (y2 - y0) + x0 * x0 * (y1 - y2)) / denom;
        if (!(a < 0)) {
            return x1;
        }
        return -b / (2 * a);
    }
}
