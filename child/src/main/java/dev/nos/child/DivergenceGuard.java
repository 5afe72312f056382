package dev.nos.child;

/**
 * Decides that a run diverged: a loss that is NaN or infinite, or a loss more than {@value #FACTOR} times
 * the first mini-batch's loss. (DL4J clips softmax outputs at 1e-10, so cross-entropy never exceeds about
 * 23; "10x the initial 2.3" could never fire, while a net with exploded weights sits near 0.9 * 23 = 21.)
 */
public final class DivergenceGuard {
    /** Loss above FACTOR x the initial loss counts as divergence. */
    public static final double FACTOR = 4.0;
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
            return null;
        }
        if (loss > FACTOR * initial) {
            return String.format("loss %.4g at step %d is above %.0fx the initial %.4g", loss, s, FACTOR, initial);
        }
        return null;
    }
}
