package dev.nos.updater;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * What {@link PowerSignUpdater} and {@link AddSignUpdater} share: one state slot m (TensorFlow's, no bias
 * correction: sign(m) is unaffected), the {@link SignKernel}, and the 3-way table the subclass computes per step.
 */
abstract class SignUpdater<T extends SignConfig<T>> implements GradientUpdater<T> {
    public static final String M_STATE = "M";

    private final T config;
    private final int threads = ParallelRange.threads();
    private INDArray m;
    private final double[] table = new double[3];

    SignUpdater(T config) {
        this.config = config;
    }

    @Override
    public T getConfig() {
        return config;
    }

    /** The multiplier A(s) for s = 1, -1, 0 at step t. */
    abstract void table(long t, double[] out);

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
        double[] a = table;
        table(iteration, a);
        SignKernel.apply(gradient, m, config.getBeta(), config.getLearningRate(iteration, epoch), a[0], a[1], a[2], threads);
    }
}
