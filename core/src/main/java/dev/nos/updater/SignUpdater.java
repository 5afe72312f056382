package dev.nos.updater;

import dev.nos.updater.loop.CompiledUpdate;
import dev.nos.updater.loop.Node;
import dev.nos.updater.loop.UpdateSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * What {@link PowerSignUpdater} and {@link AddSignUpdater} share: one state slot m (TensorFlow's, no bias
 * correction: sign(m) is unaffected), and the update {@code lr * A(sign(g) sign(m)) * g} compiled like any rule
 * ({@link CompiledUpdate}); the subclass gives A and its per-step values.
 */
abstract class SignUpdater<T extends SignConfig<T>> implements GradientUpdater<T> {
    public static final String M_STATE = "M";

    /** Step value 0 is the learning rate; subclasses number theirs from 1. */
    static final Node LR = new Node.Step(0);
    /** sign(g) sign(m), m the one moving average. */
    static final Node SIGNS = Node.mul(Node.sign(new Node.Gradient()), Node.sign(new Node.Average(0)));

    private final T config;
    private final CompiledUpdate update;
    private INDArray m;

    /**
     * @param multiplier A(s), built on {@link #SIGNS}
     * @param values     how many step values A reads after the learning rate
     * @param fill       writes them, from index 1, for step t
     */
    SignUpdater(T config, Node multiplier, int values, StepFill fill) {
        this.config = config;
        Node u = Node.mul(LR, Node.mul(multiplier, new Node.Gradient()));
        this.update = new CompiledUpdate(new UpdateSpec(List.of(new UpdateSpec.MovingAverage(1, config.getBeta())), u,
                values + 1, (t, lr, out) -> {
                    out[0] = lr;
                    fill.fill(t, out);
                }));
    }

    /** Writes A's step values of step t, from index 1. */
    @FunctionalInterface
    interface StepFill {
        void fill(long t, double[] out);
    }

    @Override
    public T getConfig() {
        return config;
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        if (viewArray == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " needs one state slot per parameter");
        }
        if (initialize) {
            viewArray.assign(0);
        }
        m = viewArray.reshape(viewArray.length());
    }

    @Override
    public void setState(Map<String, INDArray> state, boolean initialize) {
        INDArray a = state == null ? null : state.get(M_STATE);
        if (a == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " needs updater state '" + M_STATE + "'");
        }
        if (initialize) {
            a.assign(0);
        }
        m = a;
    }

    @Override
    public Map<String, INDArray> getState() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        if (m != null) {
            out.put(M_STATE, m);
        }
        return out;
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        if (m == null) {
            throw new IllegalStateException("sign updater has not been initialized with its state (m)");
        }
        update.apply(gradient, new INDArray[] {m}, null, iteration, config.getLearningRate(iteration, epoch), 0);
    }
}
