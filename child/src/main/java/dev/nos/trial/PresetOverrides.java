package dev.nos.trial;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.nos.child.ChildKind;
import dev.nos.child.Preset;

import java.util.List;

/**
 * Changes to a named {@link Preset}, each null when the preset's own value stands: for small test runs and for
 * users who want another protocol without a new preset.
 *
 * @param trainExamples  training examples of the sweep and the final run
 * @param validationSize held-out validation examples
 * @param learningRates  the sweep's learning rates
 * @param sweepEpochs    epochs per learning rate in the sweep
 * @param finalEpochs    epochs of the final run
 * @param child          the child network ({@code small}, {@code paper}, {@code large})
 * @param refineLearningRate the rate refinement after the sweep ({@link Preset#refineLearningRate()})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PresetOverrides(Integer trainExamples, Integer validationSize, List<Double> learningRates,
                              Integer sweepEpochs, Integer finalEpochs, String child, Boolean refineLearningRate) {

    /** No change. */
    public static final PresetOverrides NONE = new PresetOverrides(null, null, null, null, null, null);

    /** Changes that leave the rate refinement as the preset has it. */
    public PresetOverrides(Integer trainExamples, Integer validationSize, List<Double> learningRates,
                           Integer sweepEpochs, Integer finalEpochs, String child) {
        this(trainExamples, validationSize, learningRates, sweepEpochs, finalEpochs, child, null);
    }

    /** A copy with the rate refinement set (null: the preset's). */
    public PresetOverrides withRefinement(Boolean refine) {
        return new PresetOverrides(trainExamples, validationSize, learningRates, sweepEpochs, finalEpochs, child,
                refine);
    }

    public PresetOverrides {
        learningRates = learningRates == null ? null : List.copyOf(learningRates);
    }

    /** True when nothing is overridden. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isEmpty() {
        return equals(NONE);
    }

    /** {@code preset} with these changes; an impossible value throws {@link InvalidRequestException} naming it. */
    public Preset applyTo(Preset preset) {
        Preset p = preset;
        check(trainExamples, "overrides.trainExamples");
        check(validationSize, "overrides.validationSize");
        check(sweepEpochs, "overrides.sweepEpochs");
        check(finalEpochs, "overrides.finalEpochs");
        if (trainExamples != null || validationSize != null) {
            p = p.withSizes(trainExamples != null ? trainExamples : p.trainExamples(),
                    validationSize != null ? validationSize : p.validationSize());
        }
        if (learningRates != null) {
            if (learningRates.isEmpty()) {
                throw new InvalidRequestException("overrides.learningRates", "must hold at least one learning rate");
            }
            for (Double lr : learningRates) {
                if (lr == null || !(lr > 0) || !Double.isFinite(lr)) {
                    throw new InvalidRequestException("overrides.learningRates",
                            "every learning rate must be a positive number, got " + lr);
                }
            }
            p = p.withLearningRates(learningRates);
        }
        if (sweepEpochs != null || finalEpochs != null) {
            p = p.withEpochs(sweepEpochs != null ? sweepEpochs : p.sweepEpochs(),
                    finalEpochs != null ? finalEpochs : p.finalEpochs());
        }
        if (child != null) {
            try {
                p = p.withChild(ChildKind.parse(child));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("overrides.child", e.getMessage());
            }
        }
        if (refineLearningRate != null) {
            p = p.withRefinement(refineLearningRate);
        }
        return p;
    }

    private static void check(Integer value, String field) {
        if (value != null && value < 1) {
            throw new InvalidRequestException(field, "must be at least 1, got " + value);
        }
    }
}
