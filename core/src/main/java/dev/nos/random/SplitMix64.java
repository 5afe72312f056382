package dev.nos.random;

/**
 * SplitMix64 (Steele, Lea and Flood 2014) as pure functions, the one implementation in nos: the generator seeded with
 * s has state {@code s + n * GOLDEN_GAMMA} after n steps and outputs {@link #mix} of it. Counter-based random numbers
 * and derived seeds are built from these, so they depend only on their arguments.
 */
public final class SplitMix64 {
    private SplitMix64() {}

    /** The step between two states: 2^64 divided by the golden ratio, made odd. */
    public static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    /** The output function (Stafford's Mix13), a bijection of 64-bit values. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Output {@code index} (0 first) of the generator seeded with {@code seed}. */
    public static long at(long seed, long index) {
        return mix(seed + GOLDEN_GAMMA * (index + 1));
    }

    /** The first output of the generator seeded with {@code seed}: {@code at(seed, 0)}. */
    public static long first(long seed) {
        return mix(seed + GOLDEN_GAMMA);
    }
}
