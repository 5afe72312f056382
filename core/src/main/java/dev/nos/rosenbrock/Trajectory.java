package dev.nos.rosenbrock;

import java.util.Arrays;

/** The points (x, y) a run visited: the start, then the point after each iteration. */
public final class Trajectory {
    private final double[] xs;
    private final double[] ys;

    public Trajectory(double[] xs, double[] ys) {
        if (xs.length != ys.length) {
            throw new IllegalArgumentException("trajectory needs as many x as y, got " + xs.length + " and " + ys.length);
        }
        this.xs = xs.clone();
        this.ys = ys.clone();
    }

    public int size() {
        return xs.length;
    }

    public double x(int i) {
        return xs[i];
    }

    public double y(int i) {
        return ys[i];
    }

    public double[] xs() {
        return xs.clone();
    }

    public double[] ys() {
        return ys.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Trajectory && Arrays.equals(xs, ((Trajectory) o).xs) && Arrays.equals(ys, ((Trajectory) o).ys);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(xs) + Arrays.hashCode(ys);
    }
}
