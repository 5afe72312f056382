package dev.nos.trial;

import dev.nos.rule.Rule;
import dev.nos.rule.equiv.Fingerprint;

/**
 * A reward that needs no training, for tests and benchmarks: how closely a rule's update matches PowerSign's
 * ({@code exp(sign(g) * sign(m)) * g}) on the {@link Fingerprint} points. At each point the score is 0 when the
 * signs differ (or a value is not finite) and {@code 1 / (1 + |log10(x / y)|)} otherwise; the reward is the mean
 * score, in [0, 1], 1 exactly for PowerSign and its equivalents (SGD, {@code g}, scores about 0.70).
 */
public final class SyntheticReward {
    /** The target: PowerSign. */
    public static final Rule TARGET = Rule.parseInfix("exp(sign(g) * sign(m)) * g");
    private static final double[] TARGET_VALUES = Fingerprint.values(TARGET.expression());

    private SyntheticReward() {}

    public static double of(Rule rule) {
        double[] x = Fingerprint.values(rule.expression());
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += score(x[i], TARGET_VALUES[i]);
        }
        return sum / x.length;
    }

    private static double score(double x, double y) {
        if (!Double.isFinite(x) || x == 0 || Math.signum(x) != Math.signum(y)) {
            return 0;
        }
        return 1 / (1 + Math.abs(Math.log10(x / y)));
    }
}
