package dev.nos.schedule;

/**
 * Standard normal numbers addressed by (seed, counter) rather than drawn from a stream: the same seed
 * and counter always give the same number, whatever was asked before. A SplitMix64 hash of the pair
 * gives two uniforms, turned into a normal by Box-Muller.
 */
public final class CounterNormal {
    private CounterNormal() {}

    /** A standard normal number for this seed and counter. */
    public static double at(long seed, long counter) {
        long h = mix(seed * 0x9E3779B97F4A7C15L + mix(counter + 0x632BE59BD9B4E019L));
        long a = mix(h);
        long b = mix(h ^ 0xD1B54A32D192ED03L);
        double u1 = ((a >>> 11) + 1) * 0x1.0p-53;   // (0, 1]
        double u2 = (b >>> 11) * 0x1.0p-53;         // [0, 1)
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** SplitMix64's finaliser. */
    static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
