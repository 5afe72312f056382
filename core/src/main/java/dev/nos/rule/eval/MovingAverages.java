package dev.nos.rule.eval;

/**
 * The three moving averages of a rule's state, kept raw (not bias-corrected) for a vector of parameters:
 * {@code m} of g (beta1 = 0.9), {@code v} of g^2 (beta2 = 0.999), {@code gamma} of g^3 (beta3 = 0.999), all
 * starting at 0. At step t (0 first) they are updated with the gradient first, {@code avg <- beta avg + (1-beta) x},
 * and then bias-corrected with {@code t + 1}: {@code avgHat = avg / (1 - beta^(t+1))}.
 */
public final class MovingAverages {
    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double BETA3 = 0.999;

    private final double[] m;
    private final double[] v;
    private final double[] gamma;

    public MovingAverages(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, got " + size);
        }
        m = new double[size];
        v = new double[size];
        gamma = new double[size];
    }

    public int size() {
        return m.length;
    }

    /** One step of the averages for all elements with the gradients {@code g}. */
    public void update(double[] g) {
        if (g.length != m.length) {
            throw new IllegalArgumentException("expected " + m.length + " gradients, got " + g.length);
        }
        for (int i = 0; i < g.length; i++) {
            double x = g[i];
            m[i] = ema(m[i], BETA1, x);
            v[i] = ema(v[i], BETA2, x * x);
            gamma[i] = ema(gamma[i], BETA3, x * x * x);
        }
    }

    /** {@code beta * avg + (1 - beta) * x}. */
    public static double ema(double avg, double beta, double x) {
        return beta * avg + (1.0 - beta) * x;
    }

    /** {@code avg / (1 - beta^(t+1))}: the bias-corrected average after the update at step t. */
    public static double corrected(double avg, double beta, long t) {
        return avg / (1.0 - Math.pow(beta, t + 1));
    }

    public double mHat(int i, long t) {
        return corrected(m[i], BETA1, t);
    }

    public double vHat(int i, long t) {
        return corrected(v[i], BETA2, t);
    }

    public double gammaHat(int i, long t) {
        return corrected(gamma[i], BETA3, t);
    }

    /** Raw (uncorrected) averages, copies. */
    public double[] m() {
        return m.clone();
    }

    public double[] v() {
        return v.clone();
    }

    public double[] gamma() {
        return gamma.clone();
    }
}
