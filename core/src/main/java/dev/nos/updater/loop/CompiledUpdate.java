package dev.nos.updater.loop;

import dev.nos.updater.RuleRandom;
import java.lang.ref.Reference;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An {@link UpdateSpec} compiled to one loop, and the machinery that runs it over a parameter block: once per step it
 * computes the scalars ({@link LoopPlan#prepare}) and random keys; then each worker stages chunks of
 * {@link #CHUNK} elements of the gradient, the moving averages and the weights from NIO views
 * ({@link NioViews}) into its own heap arrays, runs the generated loop over them and writes the gradient and the
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

    private final UpdateSpec spec;
    private final LoopPlan plan;
    private final int threads;
    private final double[] stepValues;
    private final double[] scalars;
    private final float[] floatScalars;
    private final long[] keys;
    private final Object[] stages;
    private final ParallelRange.Part part;
    private FloatChunkLoop floatLoop;
    private DoubleChunkLoop doubleLoop;

    // the step in progress
    private boolean isFloat;
    private boolean arithmeticSelects;
    private Pointer grad;
    private final Pointer[] averages = new Pointer[UpdateSpec.MAX_AVERAGES];
    private Pointer weights;
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
        this.stages = new Object[threads];
        this.part = (worker, from, to) -> {
            if (isFloat) {
                floatStage(worker).run(from, to);
            } else {
                doubleStage(worker).run(from, to);
            }
        };
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
     * @param gradient dense, FLOAT or DOUBLE
     * @param state    one dense array per moving average, the gradient's length and type
     * @param weights  element 0 of the weights (the gradient's length and type) when {@link #readsWeights()}, else
     *                 null; the caller keeps their memory alive
     * @param t        the step, 0 first
     * @param seed     of the random numbers; element i of the gradient draws with index {@code gradient.offset() + i}
     */
    public void apply(INDArray gradient, INDArray[] state, Pointer weights, long t, double lr, long seed) {
        long n = gradient.length();
        boolean f = NioViews.isFloat(gradient, "the gradient");
        if (!NioViews.isContiguous(gradient)) {
            throw new IllegalArgumentException("the gradient is not dense in memory");
        }
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
        isFloat = f;
        if (f) {
            for (int k = 0; k < scalars.length; k++) {
                floatScalars[k] = (float) scalars[k];
            }
            arithmeticSelects = plan.arithmeticSelects(floatScalars);
            if (floatLoop == null) {
                floatLoop = LoopCompiler.floatLoop(plan);
            }
        } else {
            arithmeticSelects = plan.arithmeticSelects(scalars);
            if (doubleLoop == null) {
                doubleLoop = LoopCompiler.doubleLoop(plan);
            }
        }
        grad = NioViews.base(gradient);
        for (int k = 0; k < state.length; k++) {
            averages[k] = NioViews.base(state[k]);
        }
        this.weights = weights;
        indexBase = gradient.offset();
        try {
            ParallelRange.run(n, threads, part);
        } finally {
            grad = null;
            java.util.Arrays.fill(averages, null);
            this.weights = null;
            Reference.reachabilityFence(gradient);
            Reference.reachabilityFence(state);
        }
    }

    private FloatStage floatStage(int worker) {
        Object s = stages[worker];
        if (!(s instanceof FloatStage)) {
            s = new FloatStage();
            stages[worker] = s;
        }
        return (FloatStage) s;
    }

    private DoubleStage doubleStage(int worker) {
        Object s = stages[worker];
        if (!(s instanceof DoubleStage)) {
            s = new DoubleStage();
            stages[worker] = s;
        }
        return (DoubleStage) s;
    }

    /** One worker's staging arrays for FLOAT memory. */
    private final class FloatStage {
        final float[] g = new float[CHUNK];
        final float[][] a = new float[UpdateSpec.MAX_AVERAGES][];
        final float[] w = plan.readsWeights ? new float[CHUNK] : null;
        final FloatBuffer[] views = new FloatBuffer[UpdateSpec.MAX_AVERAGES];
        final float[][] tmp = new float[plan.spills][CHUNK];

        FloatStage() {
            for (int k = 0; k < averages(); k++) {
                a[k] = new float[CHUNK];
            }
        }

        void run(long from, long to) {
            int slots = averages();
            for (long start = from; start < to; start += WINDOW) {
                int len = (int) Math.min(WINDOW, to - start);
                FloatBuffer gv = NioViews.floats(grad, start, len);
                for (int k = 0; k < slots; k++) {
                    views[k] = NioViews.floats(averages[k], start, len);
                }
                FloatBuffer wv = w == null ? null : NioViews.floats(weights, start, len);
                for (int c = 0; c < len; c += CHUNK) {
                    int n = Math.min(CHUNK, len - c);
                    gv.get(c, g, 0, n);
                    for (int k = 0; k < slots; k++) {
                        views[k].get(c, a[k], 0, n);
                    }
                    if (wv != null) {
                        wv.get(c, w, 0, n);
                    }
                    floatLoop.run(n, g, a[0], a[1], a[2], w, floatScalars, scalars, keys, indexBase + start + c,
                            arithmeticSelects, tmp);
                    gv.put(c, g, 0, n);
                    for (int k = 0; k < slots; k++) {
                        views[k].put(c, a[k], 0, n);
                    }
                }
            }
        }
    }

    /** One worker's staging arrays for DOUBLE memory. */
    private final class DoubleStage {
        final double[] g = new double[CHUNK];
        final double[][] a = new double[UpdateSpec.MAX_AVERAGES][];
        final double[] w = plan.readsWeights ? new double[CHUNK] : null;
        final DoubleBuffer[] views = new DoubleBuffer[UpdateSpec.MAX_AVERAGES];
        final double[][] tmp = new double[plan.spills][CHUNK];

        DoubleStage() {
            for (int k = 0; k < averages(); k++) {
                a[k] = new double[CHUNK];
            }
        }

        void run(long from, long to) {
            int slots = averages();
            for (long start = from; start < to; start += WINDOW) {
                int len = (int) Math.min(WINDOW, to - start);
                DoubleBuffer gv = NioViews.doubles(grad, start, len);
                for (int k = 0; k < slots; k++) {
                    views[k] = NioViews.doubles(averages[k], start, len);
                }
                DoubleBuffer wv = w == null ? null : NioViews.doubles(weights, start, len);
                for (int c = 0; c < len; c += CHUNK) {
                    int n = Math.min(CHUNK, len - c);
                    gv.get(c, g, 0, n);
                    for (int k = 0; k < slots; k++) {
                        views[k].get(c, a[k], 0, n);
                    }
                    if (wv != null) {
                        wv.get(c, w, 0, n);
                    }
                    doubleLoop.run(n, g, a[0], a[1], a[2], w, scalars, scalars, keys, indexBase + start + c,
                            arithmeticSelects, tmp);
                    gv.put(c, g, 0, n);
                    for (int k = 0; k < slots; k++) {
                        views[k].put(c, a[k], 0, n);
                    }
                }
            }
        }
    }
}
