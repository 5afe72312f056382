package dev.nos.updater;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;

/**
 * Lets a {@link RuleUpdater} read the weights in a DL4J network (operands {@code 1e-4*w} ...). DL4J's
 * GradientUpdater never sees the parameters, but it applies BEFORE_UPDATER regularizations per parameter, on the
 * same thread, right before the block's updater; this one changes nothing and hands the parameter view to that
 * updater. Add it to every layer's regularization and regularizationBias:
 * <pre>{@code
 * new DenseLayer.Builder()...regularization(List.of(new RuleWeightsAccess()))
 *         .regularizationBias(List.of(new RuleWeightsAccess()))
 * }</pre>
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public class RuleWeightsAccess implements Regularization {
    private static final long serialVersionUID = 1L;

    /** Serialised so that the JSON object is not empty; no meaning. */
    private final String purpose = "hands the weights to nos rule updaters";

    public RuleWeightsAccess() {
    }

    @Override
    public ApplyStep applyStep() {
        return ApplyStep.BEFORE_UPDATER;
    }

    @Override
    public void apply(INDArray param, INDArray gradView, double lr, int iteration, int epoch) {
        WeightsHandOff.put(param, gradView, iteration);
    }

    @Override
    public double score(INDArray param, int iteration, int epoch) {
        return 0.0;
    }

    @Override
    public Regularization clone() {
        return new RuleWeightsAccess();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuleWeightsAccess;
    }

    @Override
    public int hashCode() {
        return RuleWeightsAccess.class.getName().hashCode();
    }

    @Override
    public String toString() {
        return "RuleWeightsAccess()";
    }
}
