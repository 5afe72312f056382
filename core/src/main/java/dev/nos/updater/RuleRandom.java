package dev.nos.updater;

import static dev.nos.random.SplitMix64.GOLDEN_GAMMA;
import static dev.nos.random.SplitMix64.first;
import static dev.nos.random.SplitMix64.mix;

import dev.nos.rule.Expr;

/**
 * Counter-based random numbers for the random parts of a rule ({@code eps}, {@code eps_t}, {@code drop}).
 *
 * <p>A number is a pure function of (seed, step t, stream, element index): a {@link dev.nos.random.SplitMix64}
 * hash, so updates are the same whatever the threading and chunking, and a restored model draws the same numbers as
 * its unsaved twin. The stream is {@link #stream(Expr)} of the random node; the element index is the element's
 * position in the flat gradient buffer (a view's offset included), so different parameter blocks draw different
 * numbers.
 */
public final class RuleRandom {
    private RuleRandom() {}

    /** The per-step key of one stream: computed once per step, then {@link #uniformAt} per element. */
    public static long key(long seed, long t, long stream) {
        return mix(mix(first(seed) ^ (t * 0xD1B54A32D192ED03L)) ^ (stream * 0x8CB92BA72F3D8DD7L));
    }

    /** Uniform in [0, 1) for element {@code index} under {@code key}. */
    public static double uniformAt(long key, long index) {
        return (mix(key + index * GOLDEN_GAMMA) >>> 11) * 0x1.0p-53;
    }

    /** Standard normal (Box-Muller) for element {@code index} under {@code key}. */
    public static double gaussianAt(long key, long index) {
        long h1 = mix(key + (2 * index) * GOLDEN_GAMMA);
        long h2 = mix(key + (2 * index + 1) * GOLDEN_GAMMA);
        double u1 = 1.0 - (h1 >>> 11) * 0x1.0p-53; // (0, 1]
        double u2 = (h2 >>> 11) * 0x1.0p-53;
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** The stream of a random node: a 64-bit FNV-1a hash of its canonical text (stable across runs and JVMs). */
    public static long stream(Expr node) {
        String text = canonical(node);
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001B3L;
        }
        return h;
    }

    /** Prefix text of an expression, e.g. {@code drop(0.1)(mul(g,sign(m)))}; the same for structurally equal nodes. */
    static String canonical(Expr e) {
        if (e instanceof Expr.Leaf l) {
            return l.operand().token();
        }
        if (e instanceof Expr.Apply a) {
            return a.function().token() + "(" + canonical(a.argument()) + ")";
        }
        Expr.Combine c = (Expr.Combine) e;
        return c.function().token() + "(" + canonical(c.left()) + "," + canonical(c.right()) + ")";
    }
}
