package dev.nos.updater;

import dev.nos.rule.Rule;
import java.lang.ref.Reference;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * The {@link GradientUpdater} of a {@link RuleUpdater}: overwrites the gradient in place with {@code lr * U}
 * (DL4J then subtracts it), t = iteration.
 *
 * <p>State: one flat view, laid out {@code [m | v | gamma]} with only the slots the rule needs, each as long as the
 * gradient; {@link #setStateViewArray} takes views of it without copying. The rule runs as a compiled
 * {@link RuleProgram} through one {@link RuleKernel} per worker thread, reading and writing the INDArrays' memory
 * directly; arrays of {@link ParallelRange#PARALLEL_THRESHOLD} elements or more are split over the common
 * ForkJoinPool. FLOAT and DOUBLE are supported; gradients that are not one dense block are copied, updated and
 * copied back.
 */
public class RuleGradientUpdater implements GradientUpdater<RuleUpdater> {
    public static final String M_STATE = "M";
    public static final String V_STATE = "V";
    public static final String GAMMA_STATE = "GAMMA";

    private final RuleUpdater config;
    private final RuleProgram program;
    private final StepFrame frame;
    private final RuleKernel[] kernels;
    private final int threads;
    private final ParallelRange.Part part;

    private INDArray stateView;
    private INDArray m;
    private INDArray v;
    private INDArray gamma;

    public RuleGradientUpdater(RuleUpdater config) {
        this.config = config;
        config.checkSettings();
        this.program = config.program();
        this.frame = new StepFrame(program);
        this.threads = ParallelRange.threads();
        this.kernels = new RuleKernel[threads];
        this.part = (worker, from, to) -> kernel(worker).run(frame, from, to);
    }

    private RuleKernel kernel(int worker) {
        RuleKernel k = kernels[worker];
        if (k == null) {
            k = new RuleKernel(program);
            kernels[worker] = k;
        }
        return k;
    }

    @Override
    public RuleUpdater getConfig() {
        return config;
    }

    /** The rule this updater applies. */
    public Rule rule() {
        return config.getRule();
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        int slots = program.stateSlots();
        if (slots == 0) {
            return;
        }
        if (viewArray == null) {
            throw new IllegalArgumentException("rule '" + config.getRuleTokens() + "' needs " + slots
                    + " state slot(s) per parameter but no state view was given");
        }
        long n = 1;
        for (long d : gradientShape) {
            n *= d;
        }
        INDArray flat = viewArray.reshape(viewArray.length());
        if (flat.length() != n * slots) {
            throw new IllegalArgumentException("state view has " + viewArray.length() + " elements, expected " + slots
                    + " x " + n + " for rule '" + config.getRuleTokens() + "'");
        }
        if (initialize) {
            flat.assign(0);
        }
        stateView = flat;
        int k = 0;
        m = program.needM ? slice(flat, k++, n) : null;
        v = program.needV ? slice(flat, k++, n) : null;
        gamma = program.needGamma ? slice(flat, k++, n) : null;
    }

    private static INDArray slice(INDArray flat, int slot, long n) {
        return flat.get(NDArrayIndex.interval(slot * n, (slot + 1) * n));
    }

    @Override
    public void setState(Map<String, INDArray> state, boolean initialize) {
        m = program.needM ? required(state, M_STATE) : null;
        v = program.needV ? required(state, V_STATE) : null;
        gamma = program.needGamma ? required(state, GAMMA_STATE) : null;
        if (initialize) {
            for (INDArray a : new INDArray[] {m, v, gamma}) {
                if (a != null) {
                    a.assign(0);
                }
            }
        }
    }

    private INDArray required(Map<String, INDArray> state, String key) {
        INDArray a = state == null ? null : state.get(key);
        if (a == null) {
            throw new IllegalArgumentException("rule '" + config.getRuleTokens() + "' needs updater state '" + key + "'");
        }
        return a;
    }

    @Override
    public Map<String, INDArray> getState() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        if (m != null) {
            out.put(M_STATE, m);
        }
        if (v != null) {
            out.put(V_STATE, v);
        }
        if (gamma != null) {
            out.put(GAMMA_STATE, gamma);
        }
        return out;
    }

    /**
     * Replaces {@code gradient} with {@code lr * U}. Rules that read the weights get them from a
     * {@link RuleWeightsAccess} regularization run just before on this thread (DL4J networks), else fail.
     */
    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        if (program.needW) {
            WeightsHandOff.Weights w = WeightsHandOff.take(gradient, iteration, config.getRuleTokens());
            run(gradient, w.address(), w.keepAlive(), iteration, epoch);
        } else {
            run(gradient, 0, null, iteration, epoch);
        }
    }

    /**
     * Replaces {@code gradient} with {@code lr * U}, reading the weights from {@code params} (same length and type as
     * the gradient) when the rule uses them; {@code params} may be null otherwise.
     */
    public void applyUpdater(INDArray gradient, INDArray params, int iteration, int epoch) {
        if (!program.needW) {
            run(gradient, 0, null, iteration, epoch);
            return;
        }
        if (params == null) {
            throw new IllegalStateException("rule '" + config.getRuleTokens() + "' reads the weights: pass the parameters "
                    + "to applyUpdater(gradient, params, iteration, epoch), or in a network add new RuleWeightsAccess() "
                    + "to the layers' regularization and regularizationBias");
        }
        if (params.length() != gradient.length()) {
            throw new IllegalArgumentException("parameters have " + params.length() + " elements but the gradient has "
                    + gradient.length());
        }
        INDArray w = params;
        if (!NativeMemory.isContiguous(w) || w.dataType() != gradient.dataType()) {
            w = params.dup('c').castTo(gradient.dataType());
        }
        run(gradient, NativeMemory.address(w), w, iteration, epoch);
    }

    private void run(INDArray gradient, long weights, Object keepAlive, int iteration, int epoch) {
        if (!NativeMemory.isContiguous(gradient)) {
            INDArray copy = gradient.dup('c');
            run(copy, weights, keepAlive, iteration, epoch);
            gradient.assign(copy);
            return;
        }
        long n = gradient.length();
        if (n == 0) {
            return;
        }
        boolean isFloat = NativeMemory.isFloat(gradient, "the gradient");
        checkState(m, "m", program.needM, n, isFloat);
        checkState(v, "v", program.needV, n, isFloat);
        checkState(gamma, "gamma", program.needGamma, n, isFloat);
        StepFrame f = frame;
        f.isFloat = isFloat;
        f.grad = NativeMemory.address(gradient);
        f.m = m == null ? 0 : NativeMemory.address(m);
        f.v = v == null ? 0 : NativeMemory.address(v);
        f.gamma = gamma == null ? 0 : NativeMemory.address(gamma);
        f.weights = weights;
        f.indexBase = gradient.offset();
        f.lr = config.getLearningRate(iteration, epoch);
        long t = iteration;
        f.bc1 = 1 - Math.pow(RuleProgram.BETA1, t + 1);
        f.bc2 = 1 - Math.pow(RuleProgram.BETA2, t + 1);
        f.bc3 = 1 - Math.pow(RuleProgram.BETA3, t + 1);
        program.prepareStep(t, config.getTotalSteps(), config.getSeed(), f.scalars, f.keys);
        try {
            ParallelRange.run(n, threads, part);
        } finally {
            Reference.reachabilityFence(gradient);
            Reference.reachabilityFence(m);
            Reference.reachabilityFence(v);
            Reference.reachabilityFence(gamma);
            Reference.reachabilityFence(keepAlive);
            Reference.reachabilityFence(stateView);
        }
    }

    private void checkState(INDArray s, String name, boolean needed, long n, boolean isFloat) {
        if (s == null) {
            if (needed) {
                throw new IllegalStateException("updater for rule '" + config.getRuleTokens()
                        + "' has not been initialized with its state (" + name + ")");
            }
            return;
        }
        if (s.length() != n) {
            throw new IllegalArgumentException("state " + name + " has " + s.length() + " elements but the gradient has " + n);
        }
        if (NativeMemory.isFloat(s, "state " + name) != isFloat) {
            throw new IllegalArgumentException("state " + name + " is " + s.dataType() + " but the gradient is "
                    + (isFloat ? "FLOAT" : "DOUBLE"));
        }
        if (!NativeMemory.isContiguous(s)) {
            throw new IllegalArgumentException("state " + name + " is not contiguous in memory");
        }
    }
}
