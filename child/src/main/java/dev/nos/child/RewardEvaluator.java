package dev.nos.child;

import dev.nos.trial.TrialStatus;
import dev.nos.trial.TrialRecord;
import dev.nos.data.DataSplit;
import dev.nos.data.LabeledImages;
import dev.nos.rule.Numbers;
import dev.nos.rule.Rule;
import dev.nos.updater.UpdaterFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The paper's reward protocol. For each learning rate of the preset a fresh network (same seed) trains
 * {@code sweepEpochs} on the training subset and is scored on the held-out validation set; a diverged rate
 * scores chance and the sweep goes on. The best rate then trains a fresh network {@code finalEpochs} on the
 * SAME subset (the paper: "the best then trains for 5 epochs"; re-using the subset keeps the rate chosen
 * for that data size and the trial cost fixed), and the reward is its accuracy on the held-out set. Every
 * lr diverged, or the final run diverged: reward 0, status DIVERGED. Any exception: reward 0, status
 * FAILED with the message; never a crash. With the preset's {@code refineLearningRate} (ours), up to
 * {@link LearningRateRefinement#STEPS} more runs place the rate between the grid's points before the final run.
 */
public final class RewardEvaluator {
    private final Preset preset;
    private final DataSplit split;
    private final LabeledImages test;
    private final ChildTrainer trainer;
    private Progress progress = (what, done, total) -> { };

    /** Called after each training run of a trial: sweep rates, then the final run. */
    @FunctionalInterface
    public interface Progress {
        void step(String what, int done, int total);
    }

    /**
     * @param preset the protocol settings
     * @param split  training subset and held-out validation set
     * @param test   the official test set, or null to skip test accuracy
     */
    public RewardEvaluator(Preset preset, DataSplit split, LabeledImages test) {
        this.preset = preset;
        this.split = split;
        this.test = test;
        this.trainer = new ChildTrainer(preset.child(), preset.batchSize());
    }

    /** Reports progress to {@code p}. */
    public RewardEvaluator onProgress(Progress p) {
        this.progress = p;
        return this;
    }

    public Preset preset() {
        return preset;
    }

    /** Evaluates a rule-language rule (name = its infix). */
    public TrialRecord evaluate(Rule rule, UpdaterFactory factory, long seed) {
        return evaluate(rule.infix(), rule, factory, seed);
    }

    /** Evaluates an optimizer; {@code rule} may be null for a DL4J baseline. */
    public TrialRecord evaluate(String name, Rule rule, UpdaterFactory factory, long seed) {
        long start = System.nanoTime();
        String infix = rule == null ? null : rule.infix();
        String tokens = rule == null ? null : rule.tokens();
        Map<String, Double> perLr = new LinkedHashMap<>();
        List<Double> rates = preset.learningRates();
        int total = preset.runsPerTrial();
        LabeledImages train = split.train();
        LabeledImages val = split.validation();
        try {
            long sweepSteps = preset.steps(train.size(), preset.sweepEpochs());
            Double best = null;
            double bestAcc = -1;
            int done = 0;
            StringBuilder divergences = new StringBuilder();
            for (double lr : rates) {
                TrainingResult r = trainer.train(train, val, updater(factory, lr, sweepSteps), preset.sweepEpochs(),
                        seed);
                perLr.put(Numbers.format(lr), r.validationAccuracy());
                if (r.diverged()) {
                    divergences.append("lr ").append(Numbers.format(lr)).append(": ").append(r.divergence())
                            .append("; ");
                } else if (r.validationAccuracy() > bestAcc) {
                    bestAcc = r.validationAccuracy();
                    best = lr;
                }
                progress.step(name + " lr " + Numbers.format(lr), ++done, total);
            }
            if (preset.refineLearningRate() && best != null) {
                Map<Double, Double> byRate = new LinkedHashMap<>();
                for (double lr : rates) {
                    byRate.put(lr, perLr.get(Numbers.format(lr)));
                }
                for (int step = 0; step < LearningRateRefinement.STEPS; step++) {
                    OptionalDouble next = LearningRateRefinement.next(byRate);
                    if (next.isEmpty()) {
                        break;
                    }
                    double lr = next.getAsDouble();
                    TrainingResult r = trainer.train(train, val, updater(factory, lr, sweepSteps),
                            preset.sweepEpochs(), seed);
                    byRate.put(lr, r.validationAccuracy());
                    perLr.put(Numbers.format(lr), r.validationAccuracy());
                    if (!r.diverged() && r.validationAccuracy() > bestAcc) {
                        bestAcc = r.validationAccuracy();
                        best = lr;
                    }
                    progress.step(name + " lr " + Numbers.format(lr) + " (refined)", ++done, total);
                }
            }
            if (best == null) {
                progress.step(name + " diverged", total, total);
                return new TrialRecord(null, name, infix, tokens, 0.0, null, perLr, TrialStatus.DIVERGED,
                        "every learning rate diverged: " + divergences.toString().trim(), seconds(start), seed,
                        preset.name(), null, List.of());
            }
            long finalSteps = preset.steps(train.size(), preset.finalEpochs());
            TrainingResult fin = trainer.train(train, val, updater(factory, best, finalSteps), preset.finalEpochs(),
                    seed);
            progress.step(name + " final", total, total);
            if (fin.diverged()) {
                return new TrialRecord(null, name, infix, tokens, 0.0, best, perLr, TrialStatus.DIVERGED,
                        "final run at lr " + Numbers.format(best) + " diverged: " + fin.divergence(),
                        seconds(start), seed, preset.name(), null, fin.validationAccuracyPerEpoch());
            }
            Double testAcc = test == null ? null : trainer.accuracyOf(fin.network(), test);
            return new TrialRecord(null, name, infix, tokens, fin.validationAccuracy(), best, perLr, TrialStatus.OK, null,
                    seconds(start), seed, preset.name(), testAcc, fin.validationAccuracyPerEpoch());
        } catch (RuntimeException | LinkageError e) {
            String msg = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new TrialRecord(null, name, infix, tokens, 0.0, null, perLr, TrialStatus.FAILED, msg, seconds(start),
                    seed, preset.name(), null, List.of());
        }
    }

    /** A fresh updater for one run of {@code steps} steps, following the preset's learning-rate decay. */
    private IUpdater updater(UpdaterFactory factory, double learningRate, long steps) {
        return preset.decay().apply(factory.create(learningRate, steps), learningRate, steps);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
