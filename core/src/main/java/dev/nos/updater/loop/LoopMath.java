package dev.nos.updater.loop;

import dev.nos.updater.RuleRandom;

/**
 * The small functions the generated loops call (C2 inlines them): branch-free sign and 3-way select, so that loops
 * of them vectorise, their exact counterparts by comparison, and drop with the counter-based uniforms of
 * {@link RuleRandom} (normal numbers are {@link RuleRandom#gaussianAt}). Public because the generated classes call
 * them.
 */
public final class LoopMath {
    private LoopMath() {}

    /**
     * sign(x): -1, 0 (either sign) or 1, NaN for NaN, as a clamp (no branch). The smallest subnormal float times
     * 2^150 is 2 &gt; 1, so every non-zero x clamps to exactly 1 or -1.
     */
    public static float sign(float x) {
        return Math.min(Math.max(x * 0x1p75f * 0x1p75f, -1f), 1f);
    }

    /** As {@link #sign(float)}: the smallest subnormal double times 2^1200 is 2^126. */
    public static double sign(double x) {
        return Math.min(Math.max(x * 0x1p600 * 0x1p600, -1.0), 1.0);
    }

    /**
     * pos for s = 1, neg for s = -1, zero for s = 0 (or -0), NaN for s = NaN, by products with 0 and 1 and sums with
     * zeros: exact (up to the sign of a zero result) when pos, neg and zero are finite, which
     * {@link LoopPlan#arithmeticSelects} checks once per step; otherwise the loop uses {@link #lookup}.
     */
    public static float select(float s, float pos, float neg, float zero) {
        float ip = Math.max(s, 0f);
        float in = Math.max(-s, 0f);
        return ip * pos + in * neg + (1f - ip - in) * zero;
    }

    public static double select(double s, double pos, double neg, double zero) {
        double ip = Math.max(s, 0.0);
        double in = Math.max(-s, 0.0);
        return ip * pos + in * neg + (1.0 - ip - in) * zero;
    }

    /** The table lookup {@link #select} stands for, for any values. */
    public static float lookup(float s, float pos, float neg, float zero, float nan) {
        return s > 0 ? pos : s < 0 ? neg : s == 0 ? zero : nan;
    }

    public static double lookup(double s, double pos, double neg, double zero, double nan) {
        return s > 0 ? pos : s < 0 ? neg : s == 0 ? zero : nan;
    }

    /** drop: 0 when the uniform number of element {@code index} is below {@code p}, else x. */
    public static float drop(float x, long key, long index, double p) {
        return RuleRandom.uniformAt(key, index) < p ? 0f : x;
    }

    public static double drop(double x, long key, long index, double p) {
        return RuleRandom.uniformAt(key, index) < p ? 0.0 : x;
    }
}
