package dev.nos.updater.loop;

/**
 * A generated loop ({@link LoopGenerator}) over one chunk staged in arrays: all {@code float[]} for FLOAT memory, all
 * {@code double[]} for DOUBLE (typed Object so that one interface serves both; the loop casts them once on entry and
 * computes in their own type). For i in [0, n): the moving averages {@code a0, a1, a2} (those the spec has) are
 * updated in place, and {@code g[i]} is replaced by the update. {@code sc} holds the step's scalars in the arrays'
 * type, {@code scd} the same in double (drop's probability is compared in double), {@code keys} the step's random
 * keys; element i draws with index {@code index0 + i}. {@code arithmeticSelects}: the step's select tables allow
 * {@link LoopMath#select}. {@code tmp}: {@link LoopPlan#spills} chunk-long scratch arrays, for values that cross from
 * one loop segment to a later one.
 */
public interface ChunkLoop {
    void run(int n, Object g, Object a0, Object a1, Object a2, Object w, Object sc, double[] scd, long[] keys,
             long index0, boolean arithmeticSelects, Object[] tmp);
}
