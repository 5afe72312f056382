package dev.nos.child;

import dev.nos.updater.RuleWeightsAccess;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * A batch-normalization layer configuration that hands its gamma and beta to nos rule updaters that read
 * the weights ({@code 1e-4*w} ...). DL4J's {@link BatchNormalization} never applies regularization to its
 * parameters (its {@code getRegularizationByParam} returns null), so {@link RuleWeightsAccess} cannot be
 * attached the usual way; this subclass returns it for gamma and beta. Built by copying a configured
 * {@link BatchNormalization} field by field, so every builder setting carries over.
 */
public class WeightsHandingBatchNormalization extends BatchNormalization {
    private static final long serialVersionUID = 1L;

    /** For DL4J's JSON. */
    public WeightsHandingBatchNormalization() {
    }

    /** A copy of {@code source} that also hands over gamma and beta. */
    public static WeightsHandingBatchNormalization of(BatchNormalization source) {
        WeightsHandingBatchNormalization copy = new WeightsHandingBatchNormalization();
        for (Class<?> c = BatchNormalization.class; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    f.set(copy, f.get(source));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IllegalStateException("cannot copy batch-norm setting " + f.getName(), e);
                }
            }
        }
        return copy;
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        if (BatchNormalizationParamInitializer.GAMMA.equals(paramName)
                || BatchNormalizationParamInitializer.BETA.equals(paramName)) {
            return List.of(new RuleWeightsAccess());
        }
        return null;
    }
}
