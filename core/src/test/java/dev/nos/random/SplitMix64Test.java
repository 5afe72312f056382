package dev.nos.random;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SplitMix64Test {

    @Test
    void outputsAreThoseOfTheReferenceGenerator() {
        // the first outputs of SplitMix64 seeded with 0, as published with the algorithm
        assertEquals(0xE220A8397B1DCDAFL, SplitMix64.at(0, 0));
        assertEquals(0x6E789E6AA1B965F4L, SplitMix64.at(0, 1));
        assertEquals(0x06C45D188009454FL, SplitMix64.at(0, 2));
    }

    @Test
    void atIsTheJdkSplittableRandomSequence() {
        for (long seed : new long[] {0, 1, -7, 0x5eed_2017L, Long.MAX_VALUE}) {
            SplittableRandom r = new SplittableRandom(seed);
            for (long i = 0; i < 100; i++) {
                assertEquals(r.nextLong(), SplitMix64.at(seed, i), "seed " + seed + ", output " + i);
            }
            assertEquals(SplitMix64.at(seed, 0), SplitMix64.first(seed));
        }
    }
}
