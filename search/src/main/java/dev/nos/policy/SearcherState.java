package dev.nos.policy;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A searcher's complete state, for checkpoints: its kind and space, the counters that seed its sampling, the reward
 * baseline, the optimiser's step count and every array by name. A {@link PolicySearcher} stores each network
 * parameter under its name ({@link LstmPolicy#parameterNames()}) and Adam's state as {@code adam/m} and
 * {@code adam/v} (the moments, flat, in parameter order) and {@code adam/learning_rate} (one number). Written in a
 * small binary format (doubles are bit-exact, so a restored searcher continues exactly).
 */
public record SearcherState(String kind, String space, long sampleCalls, long updates, boolean baselineSet,
                            double baseline, long optimizerSteps, Map<String, double[]> arrays) {

    private static final int MAGIC = 0x4e4f5343; // "NOSC"
    private static final int VERSION = 1;

    public SearcherState {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(space, "space");
        arrays = Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
    }

    /** This state with another count of sampling calls (a resumed search skips the calls of lost samples). */
    public SearcherState withSampleCalls(long calls) {
        return new SearcherState(kind, space, calls, updates, baselineSet, baseline, optimizerSteps, arrays);
    }

    public void write(OutputStream out) throws IOException {
        DataOutputStream d = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
        d.writeInt(MAGIC);
        d.writeInt(VERSION);
        d.writeUTF(kind);
        d.writeUTF(space);
        d.writeLong(sampleCalls);
        d.writeLong(updates);
        d.writeBoolean(baselineSet);
        d.writeDouble(baseline);
        d.writeLong(optimizerSteps);
        d.writeInt(arrays.size());
        for (Map.Entry<String, double[]> e : arrays.entrySet()) {
            d.writeUTF(e.getKey());
            d.writeInt(e.getValue().length);
            d.write(bigEndian(e.getValue()));
        }
        d.flush();
    }

    public static SearcherState read(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(new BufferedInputStream(in, 1 << 16));
        if (d.readInt() != MAGIC) {
            throw new IOException("not a nos searcher checkpoint (bad magic number)");
        }
        int version = d.readInt();
        if (version != VERSION) {
            throw new IOException("searcher checkpoint version " + version + " is not supported (expected " + VERSION + ")");
        }
        String kind = d.readUTF();
        String space = d.readUTF();
        long sampleCalls = d.readLong();
        long updates = d.readLong();
        boolean baselineSet = d.readBoolean();
        double baseline = d.readDouble();
        long steps = d.readLong();
        int n = d.readInt();
        Map<String, double[]> arrays = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = d.readUTF();
            double[] a = new double[d.readInt()];
            byte[] bytes = new byte[Math.multiplyExact(a.length, Double.BYTES)];
            d.readFully(bytes);
            ByteBuffer.wrap(bytes).asDoubleBuffer().get(a);
            arrays.put(name, a);
        }
        return new SearcherState(kind, space, sampleCalls, updates, baselineSet, baseline, steps, arrays);
    }

    /** The doubles as {@link DataOutputStream#writeDouble} writes them, one after the other, in one array. */
    private static byte[] bigEndian(double[] values) {
        byte[] bytes = new byte[Math.multiplyExact(values.length, Double.BYTES)];
        ByteBuffer.wrap(bytes).asDoubleBuffer().put(values);
        return bytes;
    }

    /** Checks that this state belongs to a searcher of {@code expectedKind} over {@code expectedSpace}. */
    void requireFor(String expectedKind, String expectedSpace) {
        if (!kind.equals(expectedKind) || !space.equals(expectedSpace)) {
            throw new IllegalArgumentException("checkpoint is of a " + kind + " searcher over " + space
                    + ", cannot restore a " + expectedKind + " searcher over " + expectedSpace);
        }
    }

    double[] array(String name) {
        double[] a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("checkpoint of " + kind + " searcher has no array '" + name + "'");
        }
        return a;
    }
}
