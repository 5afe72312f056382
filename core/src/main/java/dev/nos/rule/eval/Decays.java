package dev.nos.rule.eval;

/**
 * The step-dependent scalars of the rule language (docs/rule-language.md, "Decays"), shared by the reference
 * evaluator and the DL4J updater kernels: {@code t} is the step (0 first), {@code T} the total number of steps.
 * <ul>
 *   <li>linear {@code ld = 1 - t/T}</li>
 *   <li>cyclical {@code cd_n = 0.5 * (1 + cos(2 pi n t / T))}; {@code cd} is {@code cd_0.5}</li>
 *   <li>restart {@code rd_n = 0.5 * (1 + cos(pi ((t n) mod T) / T))}, mod in floating point</li>
 *   <li>annealed noise {@code eps_t ~ N(0, 1/(1+t)^0.55)}: {@link #annealedNoiseStd} is its standard deviation</li>
 * </ul>
 */
public final class Decays {
    private Decays() {}

    /** Variance decay exponent of {@code eps_t}. */
    public static final double NOISE_VARIANCE_DECAY = 0.55;

    /** Standard deviation of {@code eps}: variance 0.01. */
    public static final double EPS_STD = 0.1;

    /** {@code ld}. */
    public static double linear(long t, long totalSteps) {
        return 1.0 - (double) t / requireSteps(totalSteps, "ld");
    }

    /** {@code cd_n}, n = {@code periods}. */
    public static double cyclical(long t, long totalSteps, double periods) {
        return 0.5 * (1.0 + Math.cos(2.0 * Math.PI * periods * t / requireSteps(totalSteps, "cd")));
    }

    /** {@code rd_n}, n = {@code periods}. */
    public static double restart(long t, long totalSteps, double periods) {
        double T = requireSteps(totalSteps, "rd");
        return 0.5 * (1.0 + Math.cos(Math.PI * ((t * periods) % T) / T));
    }

    /** {@code sqrt(1 / (1 + t)^0.55)}. */
    public static double annealedNoiseStd(long t) {
        return Math.sqrt(1.0 / Math.pow(1.0 + t, NOISE_VARIANCE_DECAY));
    }

    private static double requireSteps(long totalSteps, String what) {
        if (totalSteps <= 0) {
            throw new IllegalArgumentException(what + " needs the total number of steps T > 0, got " + totalSteps);
        }
        return totalSteps;
    }
}
