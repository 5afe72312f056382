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
 * @param repeatTarget     the share of proposals that may repeat a rule already tried before the entropy weight
 *                         grows ({@link RepeatShareEntropy}); 1 keeps the entropy weight fixed, as the paper does.
 *                         Not in the paper: ours, so that a search keeps proposing new rules (docs/search.md)
 * @param distinctInBatch  whether a batch is drawn without repeats inside it (a rule drawn twice is drawn again, a
 *                         few times at most); not in the paper, which draws every rule independently
 * @param redrawTried      whether a rule already proposed earlier in the search (trained, cached or in flight) is
 *                         drawn again, a few times at most, so that the rules trained are the policy's likeliest
 *                         untried ones rather than ones pushed out by a higher entropy weight; not in the paper, ours
 *                         (docs/search.md, "Untried rules first")
 */
public record ControllerSettings(int hidden, double initScale, double learningRate, double entropyWeight,
                                 int batchSize, double clipRange, int ppoEpochs, double baselineDecay,
                                 double repeatTarget, boolean distinctInBatch, boolean redrawTried) {

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
        if (!(repeatTarget > 0 && repeatTarget <= 1)) {
            throw new IllegalArgumentException("repeat target must be in (0, 1] (1: the paper's fixed entropy weight),"
                    + " got " + repeatTarget);
        }
        if (repeatTarget < 1 && !(entropyWeight > 0)) {
            throw new IllegalArgumentException("a repeat target below 1 scales the entropy weight, which must then be"
                    + " positive, got " + entropyWeight);
        }
    }

    /** Settings with the entropy weight fixed and batches drawn independently (the paper's sampling). */
    public ControllerSettings(int hidden, double initScale, double learningRate, double entropyWeight, int batchSize,
                              double clipRange, int ppoEpochs, double baselineDecay) {
        this(hidden, initScale, learningRate, entropyWeight, batchSize, clipRange, ppoEpochs, baselineDecay, 1.0,
                false, false);
    }

    /**
     * The paper's controller: hidden 150, U[-0.08, 0.08], Adam 1e-5, entropy 0.0015 (fixed), batch 5 drawn
     * independently; clip 0.2, 4 epochs, decay 0.95 (ours: the paper gives none).
     */
    public static ControllerSettings paper() {
        return new ControllerSettings(150, 0.08, 1e-5, 0.0015, 5, 0.2, 4, 0.95);
    }

    /**
     * The paper's controller that keeps exploring (ours, {@code nos search}'s default): the entropy weight grows while
     * more than {@code repeatTarget} of the proposals repeat a rule already tried, and each batch is drawn without
     * repeats.
     */
    public ControllerSettings exploring(double target) {
        return new ControllerSettings(hidden, initScale, learningRate, entropyWeight, batchSize, clipRange, ppoEpochs,
                baselineDecay, target, true, redrawTried);
    }

    /** These settings with rules proposed before drawn again ({@link #redrawTried}) or not. */
    public ControllerSettings withRedrawTried(boolean redraw) {
        return new ControllerSettings(hidden, initScale, learningRate, entropyWeight, batchSize, clipRange, ppoEpochs,
                baselineDecay, repeatTarget, distinctInBatch, redraw);
    }

    /** Whether the entropy weight follows the share of repeats ({@link #repeatTarget} below 1). */
    public boolean adaptsEntropy() {
        return repeatTarget < 1;
    }

    public ControllerSettings withHidden(int h) {
        return new ControllerSettings(h, initScale, learningRate, entropyWeight, batchSize, clipRange, ppoEpochs, baselineDecay, repeatTarget, distinctInBatch, redrawTried);
    }

    public ControllerSettings withLearningRate(double lr) {
        return new ControllerSettings(hidden, initScale, lr, entropyWeight, batchSize, clipRange, ppoEpochs, baselineDecay, repeatTarget, distinctInBatch, redrawTried);
    }

    public ControllerSettings withEntropyWeight(double w) {
        return new ControllerSettings(hidden, initScale, learningRate, w, batchSize, clipRange, ppoEpochs, baselineDecay, repeatTarget, distinctInBatch, redrawTried);
    }

    public ControllerSettings withBatchSize(int b) {
        return new ControllerSettings(hidden, initScale, learningRate, entropyWeight, b, clipRange, ppoEpochs, baselineDecay, repeatTarget, distinctInBatch, redrawTried);
    }

    public ControllerSettings withClipRange(double c) {
        return new ControllerSettings(hidden, initScale, learningRate, entropyWeight, batchSize, c, ppoEpochs, baselineDecay, repeatTarget, distinctInBatch, redrawTried);
    }

    public ControllerSettings withPpoEpochs(int e) {
        return new ControllerSettings(hidden, initScale, learningRate, entropyWeight, batchSize, clipRange, e, baselineDecay, repeatTarget, distinctInBatch, redrawTried);
    }

    public ControllerSettings withBaselineDecay(double d) {
        return new ControllerSettings(hidden, initScale, learningRate, entropyWeight, batchSize, clipRange, ppoEpochs, d, repeatTarget, distinctInBatch, redrawTried);
    }
}
