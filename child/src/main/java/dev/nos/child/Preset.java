package dev.nos.child;

import java.util.List;
import java.util.Locale;

/**
 * The settings of the reward protocol.
 *
 * @param name          preset name
 * @param trainExamples training examples for the sweep and the final run (paper: 10,000)
 * @param learningRates the sweep's learning rates (paper: 10^i, i = -5..1)
 * @param sweepEpochs   epochs per learning rate in the sweep (paper: 1)
 * @param finalEpochs   epochs of the final run at the best rate (paper: 5)
 * @param validationSize held-out validation examples, from the training file (paper: 5,000)
 * @param batchSize     mini-batch size (paper: 100)
 * @param child         the child network
 * @param decay         how each run's learning rate moves over its steps (paper: constant)
 * @param refineLearningRate after the sweep, {@link LearningRateRefinement#STEPS} more runs place the rate between
 *                      the grid's points (ours; paper: off)
 */
public record Preset(String name, int trainExamples, List<Double> learningRates, int sweepEpochs, int finalEpochs,
                     int validationSize, int batchSize, ChildKind child, LearningRateDecay decay,
                     boolean refineLearningRate) {

    public Preset {
        if (trainExamples <= 0 || learningRates.isEmpty() || sweepEpochs <= 0 || finalEpochs <= 0
                || validationSize <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException("preset " + name + ": every size and count must be positive");
        }
        if (decay == null) {
            throw new IllegalArgumentException("preset " + name + ": the learning-rate decay is missing");
        }
        learningRates = List.copyOf(learningRates);
    }

    /** A preset without the rate refinement (the paper's sweep). */
    public Preset(String name, int trainExamples, List<Double> learningRates, int sweepEpochs, int finalEpochs,
                  int validationSize, int batchSize, ChildKind child, LearningRateDecay decay) {
        this(name, trainExamples, learningRates, sweepEpochs, finalEpochs, validationSize, batchSize, child, decay,
                false);
    }

    /** A preset whose learning rate stays constant over each run (the paper's protocol). */
    public Preset(String name, int trainExamples, List<Double> learningRates, int sweepEpochs, int finalEpochs,
                  int validationSize, int batchSize, ChildKind child) {
        this(name, trainExamples, learningRates, sweepEpochs, finalEpochs, validationSize, batchSize, child,
                LearningRateDecay.CONSTANT);
    }

    /** The paper's protocol: 10k examples, rates 1e-5..10, 1 sweep epoch, 5 final epochs, 5k validation. */
    public static final Preset PAPER = new Preset("paper", 10_000,
            List.of(1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0), 1, 5, 5_000, 100, ChildKind.PAPER);

    /**
     * For searches of 100+ rules on a laptop: the small child, 2,000 examples, rates 1e-3, 1e-2, 1e-1,
     * 1 sweep epoch, 2 final epochs, 2,000 validation examples. Measured on a shared 2-core machine: the small
     * child trains 2,500 to 3,300 examples/s against about 480 for the paper child, so a quick trial takes
     * 4.6 to 8 s (about 10 minutes for 100 rules) against 214 to 381 s for a paper trial; it still ranks Adam (0.78),
     * SGD (0.77) and PowerSign (0.75) far above -g (0.10) and exp(g) (0.29) on Fashion-MNIST.
     */
    public static final Preset QUICK = new Preset("quick", 2_000,
            List.of(1e-3, 1e-2, 1e-1), 1, 2, 2_000, 100, ChildKind.SMALL);

    /**
     * The search's default (ours): the quick protocol on 6,000 training and 5,000 validation examples, each run's
     * learning rate falling linearly to 0 ({@link LearningRateDecay#LINEAR}). Measured on the 2-core machine: 8 to 10 s
     * a trial, and a seed-to-seed standard deviation of 0.0036 to 0.0059 for 8 rules, against 0.007 to 0.039 for
     * {@link #QUICK} and 0.002 to 0.021 for the same sizes at a constant rate (docs/results.md, "A proxy with
     * resolution").
     */
    public static final Preset PROXY = new Preset("proxy", 6_000,
            List.of(1e-3, 1e-2, 1e-1), 1, 2, 5_000, 100, ChildKind.SMALL, LearningRateDecay.LINEAR);

    /** Transfer checks: the large child with the paper's protocol. */
    public static final Preset LARGE = new Preset("large", 10_000,
            List.of(1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0), 1, 5, 5_000, 100, ChildKind.LARGE);

    /**
     * Transfer checks on a residual network (ours): the paper's protocol with the {@link ChildKind#RESIDUAL} child, the
     * nearest to the paper's Wide ResNet (Section 5) that trains in minutes on two cores.
     */
    public static final Preset RESIDUAL = new Preset("residual", 10_000,
            List.of(1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0), 1, 5, 5_000, 100, ChildKind.RESIDUAL);

    /** The presets' names, for help texts and errors (a constant, so that annotations can use it). */
    public static final String NAMES = "proxy, quick, paper, large or residual";

    /** {@code proxy}, {@code quick}, {@code paper}, {@code large} or {@code residual}. */
    public static Preset byName(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "paper":
                return PAPER;
            case "quick":
                return QUICK;
            case "proxy":
                return PROXY;
            case "large":
                return LARGE;
            case "residual":
                return RESIDUAL;
            default:
                throw new IllegalArgumentException("unknown preset '" + name + "'; known: " + NAMES);
        }
    }

    /** A copy with other training sizes (for tests and small runs). */
    public Preset withSizes(int train, int validation) {
        return new Preset(name, train, learningRates, sweepEpochs, finalEpochs, validation, batchSize, child, decay,
                refineLearningRate);
    }

    /** A copy with other learning rates. */
    public Preset withLearningRates(List<Double> rates) {
        return new Preset(name, trainExamples, rates, sweepEpochs, finalEpochs, validationSize, batchSize, child, decay,
                refineLearningRate);
    }

    /** A copy with other epoch counts. */
    public Preset withEpochs(int sweep, int fin) {
        return new Preset(name, trainExamples, learningRates, sweep, fin, validationSize, batchSize, child, decay,
                refineLearningRate);
    }

    /** A copy with another child. */
    public Preset withChild(ChildKind kind) {
        return new Preset(name, trainExamples, learningRates, sweepEpochs, finalEpochs, validationSize, batchSize,
                kind, decay, refineLearningRate);
    }

    /** A copy whose runs follow another learning-rate decay. */
    public Preset withDecay(LearningRateDecay d) {
        return new Preset(name, trainExamples, learningRates, sweepEpochs, finalEpochs, validationSize, batchSize,
                child, d, refineLearningRate);
    }

    /** A copy with the rate refinement on or off. */
    public Preset withRefinement(boolean refine) {
        return new Preset(name, trainExamples, learningRates, sweepEpochs, finalEpochs, validationSize, batchSize,
                child, decay, refine);
    }

    /** Training runs of one trial: the sweep, at most the refinement's, the final run. */
    public int runsPerTrial() {
        return learningRates.size() + (refineLearningRate ? LearningRateRefinement.STEPS : 0) + 1;
    }

    /** Update steps of one run of {@code epochs} epochs over {@code examples} examples. */
    public long steps(int examples, int epochs) {
        return (long) epochs * ((examples + batchSize - 1) / batchSize);
    }
}
