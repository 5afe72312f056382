package dev.nos.policy;

/**
 * The baseline of the policy gradient: an exponential moving average of past rewards,
 * {@code b <- decay * b + (1 - decay) * reward}. Before any reward it has no value; the first batch then uses its own
 * mean reward, so the first advantages are centred too.
 */
public final class RewardBaseline {
    private final double decay;
    private double value;
    private boolean set;

    public RewardBaseline(double decay) {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("baseline decay must be in [0, 1), got " + decay);
        }
        this.decay = decay;
    }

    /** The advantages of a batch (reward minus the baseline before the batch), then folds the rewards in. */
    public double[] advantages(double[] rewards) {
        if (!set) {
            double mean = 0;
            for (double r : rewards) {
                mean += r / rewards.length;
            }
            value = mean;
            set = true;
        }
        double[] adv = new double[rewards.length];
        for (int i = 0; i < rewards.length; i++) {
            adv[i] = rewards[i] - value;
        }
        for (double r : rewards) {
            value = decay * value + (1 - decay) * r;
        }
        return adv;
    }

    public boolean isSet() {
        return set;
    }

    public double value() {
        return value;
    }

    void restore(boolean isSet, double v) {
        this.set = isSet;
        this.value = v;
    }
}
