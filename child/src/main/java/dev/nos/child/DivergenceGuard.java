package dev.nos.child;

/**
 * Decides that a run diverged: at once when a mini-batch loss is NaN or infinite; otherwise when the mean
 * loss of the last {@value #WINDOW} mini-batches exceeds {@value #FACTOR} times the first mini-batch's
 * loss (checked every step once the window is full, and at each epoch's end over the steps seen so far).
 *
 * <p>Why a window: the paper child with Adam at 1e-2 jumps from 2.9 to 16.5 in its first steps and then
 * recovers (measured on Fashion-MNIST); a single-step bound called that divergence. Why a factor of 5 and
 * not 10: DL4J clips softmax outputs at 1e-10, so the cross-entropy never exceeds about 23 and "10x the
 * initial 2.3" could never fire, while a network with exploded weights sits near 0.9 * 23 = 21.
 */
public final class DivergenceGuard {
    /** Mean loss above FACTOR x the initial loss counts as divergence. */
    public static final double FACTOR = 5.0;
    /** Mini-batches in the moving window. */
    public static final int WINDOW = 10;
    private final double[] recent = new double[WINDOW];
    private double initial = Double.NaN;
    private long step;

    /** Records one mini-batch loss; returns why the run diverged, or null while it has not. */
    public String check(double loss) {
        long s = step++;
        if (!Double.isFinite(loss)) {
            return "loss is " + loss + " at step " + s;
        }
        if (Double.isNaN(initial)) {
            initial = loss;
        }
        recent[(int) (s % WINDOW)] = loss;
        return step >= WINDOW ? windowCheck() : null;
    }

    /** At an epoch's end: the window test over the steps seen so far (which may be fewer than the window). */
    public String checkEndOfEpoch() {
        return step == 0 ? null : windowCheck();
    }

    private String windowCheck() {
        int n = (int) Math.min(step, WINDOW);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += recent[i];
        }
        double mean = sum / n;
        if (mean > FACTOR * initial) {
            return String.format(java.util.Locale.ROOT,
                    "mean loss %.4g of the last %d steps (to step %d) is above %.0fx the initial %.4g",
                    mean, n, step - 1, FACTOR, initial);
        }
        return null;
    }
}
