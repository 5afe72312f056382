package dev.nos.updater.loop;

/**
 * A generated loop over one chunk of FLOAT memory staged in arrays ({@link LoopGenerator}). For i in [0, n): the
 * moving averages {@code a0, a1, a2} (those the spec has) are updated in place, and {@code g[i]} is replaced by the
 * update. {@code sc} holds the step's scalars rounded to float, {@code scd} the same in double (drop's probability is
 * compared in double), {@code keys} the step's random keys; element i draws with index {@code index0 + i}.
 * {@code arithmeticSelects}: the step's select tables allow {@link LoopMath#select}. {@code tmp}: chunk-long scratch
 * arrays, {@link LoopPlan#spills} of them, for values that cross from one loop segment to a later one.
 */
public interface FloatChunkLoop {
    void run(int n, float[] g, float[] a0, float[] a1, float[] a2, float[] w, float[] sc, double[] scd, long[] keys,
             long index0, boolean arithmeticSelects, float[][] tmp);
}
