package dev.nos.updater.loop;

/** {@link FloatChunkLoop} for DOUBLE memory; {@code sc} and {@code scd} are the same array. */
public interface DoubleChunkLoop {
    void run(int n, double[] g, double[] a0, double[] a1, double[] a2, double[] w, double[] sc, double[] scd,
             long[] keys, long index0, boolean arithmeticSelects, double[][] tmp);
}
