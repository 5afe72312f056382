package dev.nos.updater;

import dev.nos.rule.Rule;
import dev.nos.updater.loop.CompiledUpdate;
import dev.nos.updater.loop.NioViews;
import dev.nos.updater.loop.RuleLowering;
import java.lang.ref.Reference;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * The {@link GradientUpdater} of a {@link RuleUpdater}: overwrites the gradient in place with {@code lr * U}
 * (DL4J then subtracts it), t = iteration.
 *
 * <p>State: one flat view, laid out {@code [m | v | gamma]} with only the slots the rule needs, each as long as the
 * gradient; {@link #setStateViewArray} takes views of it without copying. The rule is lowered
 * ({@link RuleLowering}) and compiled into one loop ({@link CompiledUpdate}), which reads and writes the INDArrays'
 * memory through NIO views. FLOAT and DOUBLE are supported.
 */
public class RuleGradientUpdater implements GradientUpdater<RuleUpdater> {
    public static final String M_STATE = "M";
    public static final String V_STATE = "V";
    public static final String GAMMA_STATE = "GAMMA";

    private final RuleUpdater config;
    private final CompiledUpdate update;
    private final Set<Rule.Slot> slots;

    private INDArray stateView;
    private INDArray m;
    private INDArray v;
    private INDArray gamma;

    public RuleGradientUpdater(RuleUpdater config) {
        this.config = config;
        config.checkSettings();
        this.slots = config.getRule().stateSlots();
        this.update = new CompiledUpdate(RuleLowering.lower(config.getRule(), config.getTotalSteps()));
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
        int count = update.averages();
        if (count == 0) {
            return;
        }
        if (viewArray == null) {
            throw new IllegalArgumentException("rule '" + config.getRuleTokens() + "' needs " + count
                    + " state slot(s) per parameter but no state view was given");
        }
        long n = 1;
        for (long d : gradientShape) {
            n *= d;
        }
        INDArray flat = viewArray.reshape(viewArray.length());
        if (flat.length() != n * count) {
            throw new IllegalArgumentException("state view has " + viewArray.length() + " elements, expected " + count
                    + " x " + n + " for rule '" + config.getRuleTokens() + "'");
        }
        if (initialize) {
            flat.assign(0);
        }
        stateView = flat;
        int k = 0;
        m = slots.contains(Rule.Slot.M) ? slice(flat, k++, n) : null;
        v = slots.contains(Rule.Slot.V) ? slice(flat, k++, n) : null;
        gamma = slots.contains(Rule.Slot.GAMMA) ? slice(flat, k++, n) : null;
    }

    private static INDArray slice(INDArray flat, int slot, long n) {
        return flat.get(NDArrayIndex.interval(slot * n, (slot + 1) * n));
    }

    @Override
    public void setState(Map<String, INDArray> state, boolean initialize) {
        m = slots.contains(Rule.Slot.M) ? required(state, M_STATE) : null;
        v = slots.contains(Rule.Slot.V) ? required(state, V_STATE) : null;
        gamma = slots.contains(Rule.Slot.GAMMA) ? required(state, GAMMA_STATE) : null;
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
        if (update.readsWeights()) {
            WeightsHandOff.Weights w = WeightsHandOff.take(gradient, iteration, config.getRuleTokens());
            run(gradient, w.base(), w.keepAlive(), iteration, epoch);
        } else {
            run(gradient, null, null, iteration, epoch);
        }
    }

    /**
     * Replaces {@code gradient} with {@code lr * U}, reading the weights from {@code params} (same length and type as
     * the gradient) when the rule uses them; {@code params} may be null otherwise.
     */
    public void applyUpdater(INDArray gradient, INDArray params, int iteration, int epoch) {
        if (!update.readsWeights()) {
            run(gradient, null, null, iteration, epoch);
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
        if (!NioViews.isContiguous(w) || w.dataType() != gradient.dataType()) {
            w = params.dup('c').castTo(gradient.dataType());
        }
        run(gradient, NioViews.base(w), w, iteration, epoch);
    }

    private void run(INDArray gradient, Pointer weights, Object keepAlive, int iteration, int epoch) {
        if (gradient.length() == 0) {
            return;
        }
        INDArray[] state = Stream.of(m, v, gamma).filter(Objects::nonNull).toArray(INDArray[]::new);
        if (state.length != update.averages()) {
            throw new IllegalStateException("updater for rule '" + config.getRuleTokens()
                    + "' has not been initialized with its state (" + config.getRule().stateSlots() + ")");
        }
        try {
            update.apply(gradient, state, weights, iteration, config.getLearningRate(iteration, epoch), config.getSeed());
        } finally {
            Reference.reachabilityFence(keepAlive);
            Reference.reachabilityFence(stateView);
        }
    }
}
