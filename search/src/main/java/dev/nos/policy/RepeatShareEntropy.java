package dev.nos.policy;

/**
 * The entropy weight of a controller that keeps exploring (ours, not the paper's): it starts at the configured weight
 * and, after every batch learned from, moves by {@code exp(GAIN * (share - target))}, where {@code share} is the
 * share of the batch's rules that repeated a rule already tried. More repeats than the target raise it, fewer lower
 * it, never below the configured weight nor above {@link #MAX_SCALE} times it. A policy that collapses onto a few
 * rules is pushed back towards spreading its choices; one that explores enough keeps the paper's weight.
 *
 * <p>Why the entropy weight and not the learning rate or a temperature: the weight is the knob the paper already has
 * (Section 4, "an entropy penalty to encourage exploration"), it changes what the policy learns rather than how its
 * samples are drawn (so PPO's ratios stay exact), and it acts within a few batches.
 */
public final class RepeatShareEntropy {
    /** Log-scale step per unit of share above the target. */
    static final double GAIN = 1.0;
    /** The weight stays within [weight, MAX_SCALE * weight]. */
    static final double MAX_SCALE = 1000;

    private final double baseWeight;
    private final double target;
    private double logScale;

    /**
     * @param baseWeight the configured entropy weight (the floor)
     * @param target     the share of repeats tolerated; 1 keeps the weight fixed
     */
    public RepeatShareEntropy(double baseWeight, double target) {
        this.baseWeight = baseWeight;
        this.target = target;
    }

    /** The entropy weight to use now. */
    public double weight() {
        return baseWeight * Math.exp(logScale);
    }

    /** log(weight / configured weight), for checkpoints. */
    public double logScale() {
        return logScale;
    }

    /** Restores {@link #logScale()}. */
    public void restore(double scale) {
        logScale = clamp(scale);
    }

    /** After a batch of {@code size} rules learned from, {@code repeats} of which repeated a rule already tried. */
    public void observe(int repeats, int size) {
        if (target >= 1 || size == 0) {
            return;
        }
        logScale = clamp(logScale + GAIN * ((double) repeats / size - target));
    }

    private static double clamp(double s) {
        return Math.max(0, Math.min(Math.log(MAX_SCALE), s));
    }
}
