package dev.nos.engine;

import dev.nos.child.OneDnn;
import dev.nos.child.Preset;
import dev.nos.child.RewardEvaluator;
import dev.nos.child.RuleUpdaters;
import dev.nos.child.TrialRecord;
import dev.nos.data.DataSplit;
import dev.nos.data.DatasetDownloader;
import dev.nos.data.DatasetLocator;
import dev.nos.data.DatasetSpec;
import dev.nos.data.ImageDataset;
import dev.nos.data.LabeledImages;
import dev.nos.rule.Rule;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The paper's reward as a {@link TrialExecutor}: the child protocol of {@link RewardEvaluator} (learning-rate sweep,
 * then the final run; the reward is held-out validation accuracy), run in the worker's thread. Each worker thread
 * has its own evaluator; the data are shared (read only).
 */
public final class ChildTrialExecutor implements TrialExecutor {
    private final Preset preset;
    private final String dataset;
    private final ThreadLocal<RewardEvaluator> evaluators;

    /**
     * @param test the official test set for the trial's test accuracy, or null to skip it (faster)
     */
    public ChildTrialExecutor(Preset preset, String dataset, DataSplit split, LabeledImages test) {
        OneDnn.ensureEnabled();
        this.preset = preset;
        this.dataset = dataset;
        this.evaluators = ThreadLocal.withInitial(() -> new RewardEvaluator(preset, split, test));
    }

    /**
     * Loads a dataset (looked for in the usual places, downloaded when missing) and splits it for the preset: a
     * held-out validation set and the training subset, fixed by {@code splitSeed}.
     */
    public static ChildTrialExecutor load(Preset preset, String datasetName, Path dataDir, long splitSeed, boolean withTest)
            throws IOException {
        DatasetSpec spec = DatasetSpec.byName(datasetName);
        ImageDataset images = DatasetLocator.standard(dataDir).load(spec, new DatasetDownloader(null));
        DataSplit split = DataSplit.of(images.train(), preset.validationSize(), preset.trainExamples(), splitSeed);
        return new ChildTrialExecutor(preset, spec.name(), split, withTest ? images.test() : null);
    }

    @Override
    public TrialOutcome evaluate(Rule rule, long seed) {
        TrialRecord r = evaluators.get().evaluate(rule, RuleUpdaters.factory(rule, seed), seed);
        return outcome(r);
    }

    /** A child trial record as a trial outcome (the per-rate accuracies and more go to {@code details}). */
    public static TrialOutcome outcome(TrialRecord r) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("preset", r.preset());
        if (r.accuracyPerLearningRate() != null && !r.accuracyPerLearningRate().isEmpty()) {
            details.put("accuracyPerLearningRate", r.accuracyPerLearningRate());
        }
        if (r.validationAccuracyPerEpoch() != null && !r.validationAccuracyPerEpoch().isEmpty()) {
            details.put("validationAccuracyPerEpoch", r.validationAccuracyPerEpoch());
        }
        if (r.testAccuracy() != null) {
            details.put("testAccuracy", r.testAccuracy());
        }
        return new TrialOutcome(r.reward(), r.status().name(), r.bestLearningRate(), r.error(), r.seconds(), details);
    }

    public Preset preset() {
        return preset;
    }

    @Override
    public String describe() {
        return preset.name() + " child on " + dataset;
    }
}
