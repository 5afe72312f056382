package dev.nos.policy;

/**
 * The settings of the LSTM controller and its training. {@link #paper()} gives the paper's values where the paper
 * has them; the others are this project's choices, explained in {@code docs/search.md}.
 *
 * @param hidden           LSTM hidden size (paper: 150); the choice embeddings have the same size
 * @param initScale        weights start uniform in [-initScale, initScale] (paper: 0.08)
 * @param learningRate     Adam learning rate (paper: 1e-5)
 * @param entropyWeight    entropy bonus coefficient (paper: 0.0015)
 * @param batchSize        rules per update (paper: 5)
 * @param clipRange        PPO clip range epsilon: the ratio is clipped to [1 - eps, 1 + eps] (not in the paper: 0.2)
 * @param ppoEpochs        PPO passes over each batch (not in the paper: 4)
 * @param baselineDecay    decay of the reward moving average used as baseline (not in the paper: 0.95)
 */
public record ControllerSettings(int hidden, double initScale, double learningRate, double entropyWeight,
                                 int batchSize, double clipRange, int ppoEpochs, double baselineDecay) {

    public ControllerSettings {
        if (hidden < 1) {
            throw new IllegalArgumentException("controller hidden size must be at least 1, got " + hidden);
        }
        if (!(initScale > 0)) {
            throw new IllegalArgumentException("controller init scale must be positive, got " + initScale);
        }
        if (!(learningRate >= 0)) {
            throw new IllegalArgumentException("controller learning rate must be >= 0, got " + learningRate);
        }
        if (!(entropyWeight >= 0)) {
            throw new IllegalArgumentException("entropy weight must be >= 0, got " + entropyWeight);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("controller batch size must be at least 1, got " + batchSize);
        }
        if (!(clipRange > 0 && clipRange < 1)) {
            throw new IllegalArgumentException("PPO clip range must be in (0, 1), got " + clipRange);
        }
        if (ppoEpochs < 1) {
            throw new IllegalArgumentException("PPO epochs must be at least 1, got " + ppoEpochs);
        }
        if (!(baselineDecay >= 0 && baselineDecay < 1)) {
            throw new IllegalArgumentException("baseline decay must be in [0, 1), got " + baselineDecay);
        }
    }

    /** The paper's controller: hidden 150, U[-0.08, 0.08], Adam 1e-5, entropy 0.0015, batch 5; clip 0.2, 4 epochs, decay 0.95. */
    public static ControllerSettings paper() {
        return new ControllerSettings(150, 0.08, 1e-5, 0.0015, 5, 0.2, 4, 0.95);
    }

    public ControllerSettings withHidden(int h) {
        return new ControllerSettings(h, initScale, learningRate, entropyWeight, batchSize, clipRange, ppoEpochs, baselineDecay);
    }

    public ControllerSettings withLearningRate(double lr) {
        return new ControllerSettings(hidden, initScale, lr, entropyWeight, batchSize, clipRange, ppoEpochs, baselineDecay);
    }

    public ControllerSettings withEntropyWeight(double w) {
        return new ControllerSettings(hidden, initScale, learningRate, w, batchSize, clipRange, ppoEpochs, baselineDecay);
    }

    public ControllerSettings withBatchSize(int b) {
        return new ControllerSettings(hidden, initScale, learningRate, entropyWeight, b, clipRange, ppoEpochs, baselineDecay);
    }

    public ControllerSettings withClipRange(double c) {
        return new ControllerSettings(hidden, initScale, learningRate, entropyWeight, batchSize, c, ppoEpochs, baselineDecay);
    }

    public ControllerSettings withPpoEpochs(int e) {
        return new ControllerSettings(hidden, initScale, learningRate, entropyWeight, batchSize, clipRange, e, baselineDecay);
    }

    public ControllerSettings withBaselineDecay(double d) {
        return new ControllerSettings(hidden, initScale, learningRate, entropyWeight, batchSize, clipRange, ppoEpochs, d);
    }
}
