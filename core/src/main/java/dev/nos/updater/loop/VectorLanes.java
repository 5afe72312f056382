package dev.nos.updater.loop;

import dev.nos.updater.RuleRandom;

/**
 * The random numbers of one vector of a {@link VectorLoop}, lane by lane: the counter-based numbers of
 * {@link RuleRandom} are integer hashes the Vector API does not speed up, so the loop fills a small array and loads
 * it as a vector. The values are those the element-wise loops draw ({@link LoopMath#drop}, {@code gaussianAt} rounded
 * to float). Public because the generated classes call them.
 */
public final class VectorLanes {
    private VectorLanes() {}

    /** lanes[j] = N(0, 1) of element {@code index + j} under {@code key}, rounded to float, for j in [0, count). */
    public static void gaussians(float[] lanes, int count, long key, long index) {
        for (int j = 0; j < count; j++) {
            lanes[j] = (float) RuleRandom.gaussianAt(key, index + j);
        }
    }

    /** lanes[j] = 1 when element {@code index + j} is dropped (its uniform is below {@code p}), else 0. */
    public static void drops(float[] lanes, int count, long key, long index, double p) {
        for (int j = 0; j < count; j++) {
            lanes[j] = RuleRandom.uniformAt(key, index + j) < p ? 1f : 0f;
        }
    }
}
