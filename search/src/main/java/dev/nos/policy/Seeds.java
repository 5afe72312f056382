package dev.nos.policy;

import dev.nos.random.SplitMix64;

/** Derives independent seeds from a base seed and a counter: output {@code counter} of SplitMix64 seeded with it. */
public final class Seeds {
    private Seeds() {}

    public static long mix(long seed, long counter) {
        return SplitMix64.at(seed, counter);
    }
}
