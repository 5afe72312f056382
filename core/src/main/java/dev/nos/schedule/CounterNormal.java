package dev.nos.schedule;

import static dev.nos.random.SplitMix64.GOLDEN_GAMMA;
import static dev.nos.random.SplitMix64.first;

/**
 * Standard normal numbers addressed by (seed, counter) rather than drawn from a stream: the same seed
 * and counter always give the same number, whatever was asked before. A {@link dev.nos.random.SplitMix64}
 * hash of the pair gives two uniforms, turned into a normal by Box-Muller.
 */
public final class CounterNormal {
    private CounterNormal() {}

    /** A standard normal number for this seed and counter. */
    public static double at(long seed, long counter) {
        long h = first(seed * GOLDEN_GAMMA + first(counter + 0x632BE59BD9B4E019L));
        long a = first(h);
        long b = first(h ^ 0xD1B54A32D192ED03L);
        double u1 = ((a >>> 11) + 1) * 0x1.0p-53;   // (0, 1]
        double u2 = (b >>> 11) * 0x1.0p-53;         // [0, 1)
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
