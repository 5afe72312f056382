package dev.nos.updater.loop;

import dev.nos.updater.RuleRandom;
import java.lang.ref.Reference;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An {@link UpdateSpec} compiled to one loop, and the machinery that runs it over a parameter block: once per step it
 * computes the scalars ({@link LoopPlan#prepare}) and random keys; then each worker runs the loop over its part of
 * the block. FLOAT memory, where {@link VectorLoops#enabled()}: a {@link VectorLoop} reads and writes the arrays in
 * place through byte-buffer views ({@link NioViews}). Otherwise (DOUBLE memory, or a JVM without the Vector API) the
 * worker stages chunks of {@link #CHUNK} elements of the gradient, the moving averages and the weights from NIO
 * views into its own heap arrays, runs the element-wise {@link ChunkLoop} over them and writes the gradient and the
 * averages back. Blocks of {@link ParallelRange#PARALLEL_THRESHOLD} elements or more are split over
 * {@link ParallelRange#threads()} workers. The loop class is generated on first use per element type.
 *
 * <p>One instance per updater (it holds the step's scratch); not for concurrent steps.
 */
public final class CompiledUpdate {
    /** Elements per staged chunk: the arrays of Adam (g, m, v) fill 24 KiB, inside a 32 KiB L1 cache. */
    public static final int CHUNK = 2048;
    /** Elements per NIO view: views stay far below the 2 GiB a buffer can address. */
    static final int WINDOW = 1 << 22;
    /** Floats of a vector loop's random-number scratch: more than the widest vector (16 floats with AVX-512). */
    private static final int LANES = 64;
    /** Staged arrays, in the order of {@link ChunkLoop#run}'s: the gradient, the averages, the weights (read only). */
    private static final int G = 0, W = 1 + UpdateSpec.MAX_AVERAGES, ARRAYS = W + 1;

    private final UpdateSpec spec;
    private final LoopPlan plan;
    private final int threads;
    private final double[] stepValues;
    private final double[] scalars;
    private final float[] floatScalars;
    private final long[] keys;
    private final Stage[] stages;
    private final ChunkLoop[] loops = new ChunkLoop[2]; // FLOAT, DOUBLE
    /** FLOAT steps run {@link #vectorLoop}: decided once, at construction ({@link VectorLoops#enabled()}). */
    private final boolean vectorFloat;
    private VectorLoop vectorLoop;
    /** Each worker's random-number scratch for the vector loop, made on its first step (not one per step). */
    private final float[][] vectorLanes;

    // the step in progress
    private boolean isFloat;
    private ChunkLoop loop;
    private boolean vectorStep;
    private boolean arithmeticSelects;
    private final Pointer[] memory = new Pointer[ARRAYS]; // null where the spec has no such array
    private long indexBase;

    public CompiledUpdate(UpdateSpec spec) {
        this(spec, ParallelRange.threads());
    }

    public CompiledUpdate(UpdateSpec spec, int threads) {
        this.spec = spec;
        this.plan = new LoopPlan(spec);
        this.threads = threads;
        this.stepValues = new double[spec.stepValues()];
        this.scalars = new double[plan.scalarCount];
        this.floatScalars = new float[plan.scalarCount];
        this.keys = new long[plan.streams.length];
        this.stages = new Stage[threads];
        this.vectorFloat = VectorLoops.enabled();
        this.vectorLanes = new float[threads][];
    }

    /** True when FLOAT steps run the vector loop. */
    public boolean vectorised() {
        return vectorFloat;
    }

    /** Number of state slots (moving averages). */
    public int averages() {
        return spec.averages().size();
    }

    /** True when the update reads the weights. */
    public boolean readsWeights() {
        return plan.readsWeights;
    }

    /**
     * One step: updates the moving averages in place and overwrites {@code gradient} with the update.
     *
     * @param gradient FLOAT or DOUBLE; when not one dense block, it is copied, updated and copied back
     * @param state    one dense array per moving average, the gradient's length and type
     * @param weights  element 0 of the weights (the gradient's length and type) when {@link #readsWeights()}, else
     *                 null; the caller keeps their memory alive
     * @param t        the step, 0 first
     * @param seed     of the random numbers; element i of a dense gradient draws with index {@code gradient.offset() + i}
     */
    public void apply(INDArray gradient, INDArray[] state, Pointer weights, long t, double lr, long seed) {
        if (!NioViews.isContiguous(gradient)) {
            INDArray copy = gradient.dup('c');
            apply(copy, state, weights, t, lr, seed);
            gradient.assign(copy);
            return;
        }
        long n = gradient.length();
        boolean f = NioViews.isFloat(gradient, "the gradient");
        if (state.length != averages()) {
            throw new IllegalArgumentException("expected " + averages() + " state arrays, got " + state.length);
        }
        for (int k = 0; k < state.length; k++) {
            INDArray s = state[k];
            if (s.length() != n || NioViews.isFloat(s, "state " + k) != f || !NioViews.isContiguous(s)) {
                throw new IllegalArgumentException("state " + k + " must be dense, of " + n + " elements and of type "
                        + gradient.dataType() + ", got " + s.length() + " of " + s.dataType());
            }
        }
        if (readsWeights() && weights == null) {
            throw new IllegalArgumentException("the update reads the weights, but none were given");
        }
        if (n == 0) {
            return;
        }
        spec.values().fill(t, lr, stepValues);
        plan.prepare(stepValues, scalars);
        for (int k = 0; k < keys.length; k++) {
            keys[k] = RuleRandom.key(seed, t, plan.streams[k]);
        }
        for (int k = 0; k < scalars.length; k++) {
            floatScalars[k] = (float) scalars[k];
        }
        isFloat = f;
        arithmeticSelects = plan.arithmeticSelects(scalars, f);
        vectorStep = f && vectorFloat;
        if (vectorStep) {
            if (vectorLoop == null) {
                vectorLoop = LoopCompiler.vectorLoop(plan);
            }
        } else {
            int type = f ? 0 : 1;
            if (loops[type] == null) {
                loops[type] = LoopCompiler.loop(plan, f);
            }
            loop = loops[type];
        }
        memory[G] = NioViews.base(gradient);
        for (int k = 0; k < state.length; k++) {
            memory[G + 1 + k] = NioViews.base(state[k]);
        }
        memory[W] = weights;
        indexBase = gradient.offset();
        try {
            ParallelRange.run(n, threads, this::run);
        } finally {
            Arrays.fill(memory, null);
            Reference.reachabilityFence(gradient);
            Reference.reachabilityFence(state);
        }
    }

    /** Worker {@code worker}'s part of the step: elements [from, to). */
    private void run(int worker, long from, long to) {
        if (vectorStep) {
            runVector(worker, from, to);
            return;
        }
        Stage s = stages[worker];
        if (s == null || s.isFloat != isFloat) {
            s = stages[worker] = new Stage(isFloat);
        }
        s.run(from, to);
    }

    /** Elements [from, to) by the vector loop, in place, a window at a time. */
    private void runVector(int worker, long from, long to) {
        ByteBuffer[] bytes = new ByteBuffer[ARRAYS];
        float[] lanes = vectorLanes[worker];
        if (lanes == null) {
            lanes = vectorLanes[worker] = new float[LANES];
        }
        for (long start = from; start < to; start += WINDOW) {
            int len = (int) Math.min(WINDOW, to - start);
            for (int k = 0; k < ARRAYS; k++) {
                bytes[k] = memory[k] == null ? null : NioViews.bytes(memory[k], start, len, true);
            }
            vectorLoop.run(len, bytes[G], bytes[1], bytes[2], bytes[3], bytes[W], floatScalars, scalars, keys,
                    indexBase + start, lanes);
        }
    }

    /** One worker's staging arrays, of one element type. */
    private final class Stage {
        final boolean isFloat;
        final Object[] arrays = new Object[ARRAYS]; // null where the spec has no such array
        final Buffer[] views = new Buffer[ARRAYS];
        final Object[] tmp;

        Stage(boolean isFloat) {
            this.isFloat = isFloat;
            for (int k = 0; k < ARRAYS; k++) {
                if (k <= averages() || k == W && plan.readsWeights) {
                    arrays[k] = isFloat ? new float[CHUNK] : new double[CHUNK];
                }
            }
            tmp = isFloat ? new float[plan.spills][CHUNK] : new double[plan.spills][CHUNK];
        }

        void run(long from, long to) {
            for (long start = from; start < to; start += WINDOW) {
                int len = (int) Math.min(WINDOW, to - start);
                for (int k = 0; k < ARRAYS; k++) {
                    views[k] = arrays[k] == null ? null : NioViews.view(memory[k], start, len, isFloat);
                }
                for (int c = 0; c < len; c += CHUNK) {
                    int n = Math.min(CHUNK, len - c);
                    for (int k = 0; k < ARRAYS; k++) {
                        copy(views[k], c, arrays[k], n, true);
                    }
                    loop.run(n, arrays[G], arrays[1], arrays[2], arrays[3], arrays[W], isFloat ? floatScalars : scalars,
                            scalars, keys, indexBase + start + c, arithmeticSelects, tmp);
                    for (int k = 0; k < W; k++) {
                        copy(views[k], c, arrays[k], n, false);
                    }
                }
            }
        }
    }

    /** Elements [at, at + n) of {@code view} into {@code array} ({@code in}), or back; nothing for a null view. */
    private static void copy(Buffer view, int at, Object array, int n, boolean in) {
        if (view instanceof FloatBuffer b && in) {
            b.get(at, (float[]) array, 0, n);
        } else if (view instanceof FloatBuffer b) {
            b.put(at, (float[]) array, 0, n);
        } else if (view instanceof DoubleBuffer b && in) {
            b.get(at, (double[]) array, 0, n);
        } else if (view instanceof DoubleBuffer b) {
            b.put(at, (double[]) array, 0, n);
        }
    }
}
