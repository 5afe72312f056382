package dev.nos.updater.loop;

import java.nio.ByteBuffer;

/**
 * A generated loop ({@link VectorLoopGenerator}) that runs a FLOAT update with the JDK's Vector API straight over
 * the memory of the arrays: {@code g}, {@code a0..a2} (the moving averages the spec has) and {@code w} (when the
 * update reads the weights) are native-order byte buffers over elements [0, n) of each array, read and written in
 * place, no staging copy. For i in [0, n): the averages are updated and {@code g[i]} is replaced by the update.
 * {@code sc} holds the step's scalars in float, {@code scd} in double (drop's probability is compared in double),
 * {@code keys} the step's random keys; element i draws with index {@code index0 + i}. {@code lanes}: scratch of at
 * least one vector's length, for random numbers.
 */
public interface VectorLoop {
    void run(int n, ByteBuffer g, ByteBuffer a0, ByteBuffer a1, ByteBuffer a2, ByteBuffer w, float[] sc, double[] scd,
             long[] keys, long index0, float[] lanes);
}
