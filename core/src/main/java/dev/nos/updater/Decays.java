package dev.nos.updater;

/**
 * The step-dependent scalars of the rule language (FACTS.md): t is the step (the first update is t = 0),
 * T the total number of steps.
 */
public final class Decays {
    private Decays() {}

    /** ld = 1 - t/T */
    public static double linear(long t, long total) {
        return 1.0 - (double) t / total;
    }

    /** cd_n = 0.5 * (1 + cos(2 pi n t / T)) */
    public static double cyclical(long t, long total, double periods) {
        return 0.5 * (1.0 + Math.cos(2.0 * Math.PI * periods * t / total));
    }

    /** rd_n = 0.5 * (1 + cos(pi * ((t n) mod T) / T)) */
    public static double restart(long t, long total, double periods) {
        return 0.5 * (1.0 + Math.cos(Math.PI * ((t * periods) % total) / total));
    }

    /** Standard deviation of eps_t ~ N(0, 1/(1+t)^0.55). */
    public static double annealedNoiseStd(long t) {
        return Math.sqrt(1.0 / Math.pow(1.0 + t, 0.55));
    }

    /** Standard deviation of eps ~ N(0, 0.01). */
    public static final double EPS_STD = 0.1;
}
