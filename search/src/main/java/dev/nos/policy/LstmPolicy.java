package dev.nos.policy;

import dev.nos.rule.space.SearchSpace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The paper's controller: a single-layer LSTM that emits a rule one choice at a time, in double precision on plain
 * Java arrays.
 *
 * <p>Step p (p = 0 .. 5n-1) reads the embedding of the choice made at step p-1 (a learned start embedding at step 0;
 * each position has its own embedding table, as vocabularies differ), advances the LSTM (hidden size = embedding size
 * = {@code hidden}) and scores the vocabulary of position p with its own softmax head. The search space's mask takes
 * the forbidden choices out of the softmax (they get probability 0 and no gradient).
 *
 * <p>Every parameter lives in one flat {@code double[]} ({@link ParameterLayout}: {@code lstm_wx}, {@code lstm_wh},
 * {@code lstm_b}, then per position {@code emb_p}, {@code head_w_p}, {@code head_b_p}, each row-major). Sampling,
 * the log-probabilities and the loss's gradient all run one hand-written forward and backward pass
 * ({@link LstmPass}) over it. This replaced a SameDiff graph (our choice, for issue 12: SameDiff's arrays of every
 * pass lived in native memory until the garbage collector got to them, which let a long search grow by half a
 * megabyte a trial, and its op-by-op execution cost about 60 ms a trial); the hand-written gradient is checked
 * against central finite differences, and was checked against the SameDiff graph's, in {@code LstmPolicyTest}.
 * Nothing here touches ND4J or writes to {@code System.out}.
 *
 * <p>Not thread-safe: the pass's buffers are reused by every call. They are sized for {@value #CHUNK} rules at
 * most; a larger batch goes through in chunks of that many (the rows do not depend on each other), so a one-off
 * large call (a test's 3,000 samples) does not leave large buffers behind.
 */
public final class LstmPolicy {

    /** The most rules the pass runs at once. */
    static final int CHUNK = 64;

    static final String WX = "lstm_wx";
    static final String WH = "lstm_wh";
    static final String BIAS = "lstm_b";

    static String embedding(int p) {
        return "emb_" + p;
    }

    static String headWeights(int p) {
        return "head_w_" + p;
    }

    static String headBias(int p) {
        return "head_b_" + p;
    }

    private final SearchSpace space;
    private final ControllerSettings settings;
    private final PolicyObjective objective;
    private final int positions;
    private final ParameterLayout layout;
    private final double[] values;
    private final LstmPass pass;
    private double entropyWeight;

    /**
     * @param initSeed seeds the uniform initialisation of every weight (drawn in flat order, so the same seed gives
     *                 the same weights as the former SameDiff controller did)
     */
    public LstmPolicy(SearchSpace space, ControllerSettings settings, PolicyObjective objective, long initSeed) {
        this.space = space;
        this.settings = settings;
        this.objective = objective;
        this.positions = space.positions();
        int hidden = settings.hidden();
        ParameterLayout.Builder b = new ParameterLayout.Builder();
        b.add(WX, hidden, 4 * hidden);
        b.add(WH, hidden, 4 * hidden);
        b.add(BIAS, 1, 4 * hidden);
        for (int p = 0; p < positions; p++) {
            int in = p == 0 ? 1 : space.vocabularySize(p - 1);
            b.add(embedding(p), in, hidden);
            b.add(headWeights(p), hidden, space.vocabularySize(p));
            b.add(headBias(p), 1, space.vocabularySize(p));
        }
        this.layout = b.build();
        this.values = new double[layout.size()];
        Random rnd = new Random(initSeed);
        double a = settings.initScale();
        for (int i = 0; i < values.length; i++) {
            values[i] = (rnd.nextDouble() * 2 - 1) * a;
        }
        this.pass = new LstmPass(space, hidden, layout);
        this.entropyWeight = settings.entropyWeight();
    }

    /** The entropy weight of the loss: the settings' at first, then whatever {@link #setEntropyWeight} set. */
    public double entropyWeight() {
        return entropyWeight;
    }

    /** Sets the entropy weight of the loss (a controller that keeps exploring moves it, {@link RepeatShareEntropy}). */
    public void setEntropyWeight(double w) {
        entropyWeight = w;
    }

    // ---------------------------------------------------------------- accessors

    public SearchSpace space() {
        return space;
    }

    public ControllerSettings settings() {
        return settings;
    }

    public PolicyObjective objective() {
        return objective;
    }

    /** The names of the trainable arrays, in a fixed order (their order in the flat parameter vector). */
    public List<String> parameterNames() {
        return layout.names();
    }

    /** A copy of a parameter's values, row-major. */
    public double[] parameter(String name) {
        ParameterLayout.Block blk = layout.block(name);
        double[] out = new double[blk.length()];
        System.arraycopy(values, blk.offset(), out, 0, out.length);
        return out;
    }

    /** The shape of a parameter: {rows, columns}. */
    public int[] parameterShape(String name) {
        ParameterLayout.Block blk = layout.block(name);
        return new int[] {blk.rows(), blk.cols()};
    }

    /** Replaces a parameter's values (row-major, its full length). */
    public void setParameter(String name, double[] newValues) {
        ParameterLayout.Block blk = layout.block(name);
        if (newValues.length != blk.length()) {
            throw new IllegalArgumentException("parameter " + name + " has " + blk.length() + " numbers, got "
                    + newValues.length);
        }
        System.arraycopy(newValues, 0, values, blk.offset(), newValues.length);
    }

    /** The number of trainable numbers. */
    public long parameterCount() {
        return layout.size();
    }

    /** The live flat parameter vector (the optimiser updates it in place). */
    double[] values() {
        return values;
    }

    ParameterLayout layout() {
        return layout;
    }

    // ---------------------------------------------------------------- sampling

    /** One sampled choice sequence with the log-probability of each choice. */
    public record Draw(int[] choices, double[] logProbs) {}

    /**
     * Samples {@code n} choice sequences from the current parameters, honouring the space's masks. Takes one
     * {@code rnd.nextDouble()} per choice, sequence after sequence, so the draws do not depend on how they are
     * batched.
     */
    public List<Draw> sample(int n, Random rnd) {
        if (n == 0) {
            return List.of();
        }
        double[][] uniforms = new double[n][positions];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < positions; p++) {
                uniforms[i][p] = rnd.nextDouble();
            }
        }
        List<Draw> out = new ArrayList<>(n);
        for (int from = 0; from < n; from += CHUNK) {
            int[][] choices = pass.sample(values, Arrays.copyOfRange(uniforms, from, Math.min(n, from + CHUNK)));
            for (int i = 0; i < choices.length; i++) {
                double[] lp = new double[positions];
                for (int p = 0; p < positions; p++) {
                    lp[p] = pass.choiceLogProb(i, p);
                }
                out.add(new Draw(choices[i], lp));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- training

    /** Runs rules {@code from .. from + CHUNK} of {@code choices} through the pass; returns how many. */
    private int evaluateChunk(List<int[]> choices, int from) {
        int to = Math.min(choices.size(), from + CHUNK);
        pass.evaluate(values, choices.subList(from, to).toArray(new int[0][]));
        return to - from;
    }

    /** The log-probability of each whole choice sequence under the current parameters. */
    public double[] logProbs(List<int[]> choices) {
        double[] lp = new double[choices.size()];
        for (int from = 0; from < lp.length; from += CHUNK) {
            int n = evaluateChunk(choices, from);
            for (int b = 0; b < n; b++) {
                lp[from + b] = pass.logp(b);
            }
        }
        return lp;
    }

    /**
     * The training loss of a batch (what {@link #gradients} differentiates):
     * {@code -objective(log p, A, old log p) - entropyWeight * mean_b H_b}, H_b the summed entropy of rule b's 5n
     * softmax distributions.
     */
    public double loss(List<int[]> choices, double[] advantages, double[] oldLogProbs) {
        double[] lp = new double[choices.size()];
        double entropy = 0;
        for (int from = 0; from < lp.length; from += CHUNK) {
            int n = evaluateChunk(choices, from);
            for (int b = 0; b < n; b++) {
                lp[from + b] = pass.logp(b);
                entropy += pass.entropySum(b);
            }
        }
        return -objective.objective(lp, advantages, oldLogProbs, settings.clipRange())
                - entropyWeight * entropy / lp.length;
    }

    /**
     * The gradient of the loss with respect to every parameter, by name in {@link #parameterNames()} order.
     *
     * @param oldLogProbs the log-probability of each sequence when it was sampled (PPO's ratio); ignored by REINFORCE
     */
    public Map<String, double[]> gradients(List<int[]> choices, double[] advantages, double[] oldLogProbs) {
        double[] flat = new double[layout.size()];
        gradient(choices, advantages, oldLogProbs, flat);
        Map<String, double[]> out = new LinkedHashMap<>();
        for (ParameterLayout.Block blk : layout.blocks()) {
            double[] g = new double[blk.length()];
            System.arraycopy(flat, blk.offset(), g, 0, g.length);
            out.put(blk.name(), g);
        }
        return out;
    }

    /**
     * Writes the loss's gradient into {@code into} (flat, {@link #layout()} order), overwriting it; returns the loss
     * itself ({@link #loss}), which the forward pass gives for nothing.
     */
    double gradient(List<int[]> choices, double[] advantages, double[] oldLogProbs, double[] into) {
        int total = choices.size();
        Arrays.fill(into, 0);
        if (total == 0) {
            return 0;
        }
        double entropy = 0;
        // one chunk (every batch of the search): its forward pass gives log p and serves the backward pass
        double[] lp = total <= CHUNK ? null : logProbs(choices);
        for (int from = 0; from < total; from += CHUNK) {
            int n = evaluateChunk(choices, from);
            if (lp == null) {
                lp = new double[n];
                for (int b = 0; b < n; b++) {
                    lp[b] = pass.logp(b);
                }
            }
            for (int b = 0; b < n; b++) {
                entropy += pass.entropySum(b);
            }
            double[] dObjective = objective.objectiveGradient(lp, advantages, oldLogProbs, settings.clipRange());
            double[] dLoss = new double[n];
            for (int b = 0; b < n; b++) {
                dLoss[b] = -dObjective[from + b];
            }
            pass.backward(values, dLoss, entropyWeight / total, into);
        }
        return -objective.objective(lp, advantages, oldLogProbs, settings.clipRange())
                - entropyWeight * entropy / total;
    }
}
