package dev.nos.policy;

import dev.nos.rule.space.SearchSpace;

/**
 * The controller's forward and backward pass over a batch of choice sequences, written by hand on plain
 * {@code double[]} arrays (our replacement for the SameDiff graph; {@code docs/search.md} says why). One instance
 * belongs to one {@link LstmPolicy} and is reused by every call, so a long search allocates nothing per trial here
 * beyond what the batch size needs once; not thread-safe.
 *
 * <p>Forward, for rows b (the batch) and steps t = 0 .. T-1, with x = row {@code prev} of the step's embedding:
 * {@code z = b + x Wx + h Wh}; gates i, f, o = sigmoid, g = tanh of the four slices of z; {@code c = f c + i g};
 * {@code h = o tanh(c)}; logits = {@code h W_t + b_t}; masked choices get no probability; log-softmax
 * {@code l = logit - (max + log sum exp(logit - max))} over the allowed choices. Sampling draws each choice from
 * these probabilities (with the uniforms it is given, so the caller fixes the random numbers' order); training feeds
 * the chosen sequences. Both run this same code, so a sample's log-probability and the training pass's agree to the
 * bit.
 *
 * <p>Backward: given dLoss/dlogp per row and the entropy weight, accumulates dLoss/dparameter into a flat gradient
 * (layout of {@link ParameterLayout}) by back-propagation through time.
 *
 * <p>Where the time goes, and what we did about it (issue 12): the products with the two [H, 4H] matrices. They are
 * {@link DenseProducts} (tiled, vectorisable loops). Only the recurrent products ({@code h Wh} forward,
 * {@code dz Wh^T} backward) have to go step by step; the input side ({@code x Wx}, {@code dWx}, the embeddings'
 * gradients) and {@code dWh} are done once for all steps of a training pass, so each matrix is read once a pass
 * rather than once a step. Rows of one step that read the same embedding row (every row at step 0; most rows once
 * the policy is sure of itself) share one input product and one input gradient. The products with transposed
 * weights read transposed copies made once per backward pass.
 */
final class LstmPass {
    private final SearchSpace space;
    private final int positions;
    private final int hidden;
    private final int h4;
    private final int[] vocab;
    private final int maxVocab;
    private final ParameterLayout.Block wx;
    private final ParameterLayout.Block wh;
    private final ParameterLayout.Block bias;
    private final ParameterLayout.Block[] emb;
    private final ParameterLayout.Block[] headW;
    private final ParameterLayout.Block[] headB;

    /** Rows the buffers hold; they grow (never shrink) to the largest batch seen. */
    private int capacity;
    private int rows;
    /** [t][b]: the row of step t's embedding that row b reads (its choice at t-1; 0 at t = 0). */
    private int[] prev;
    /** [b][t]: the choices. */
    private int[][] choices;
    /** [t][b][4H]: gates i, f, g, o after their nonlinearity. */
    private double[] gates;
    /** [t][b][H]: the cell, its tanh, the hidden state. */
    private double[] cell;
    private double[] tanhCell;
    private double[] hid;
    /** [t][b][V]: log-softmax over the allowed choices (masked entries: not read). */
    private double[] logSoftmax;
    /** [t][b][V]: whether the choice is allowed. */
    private boolean[] allowed;
    /** [t][b]: entropy of the step's distribution. */
    private double[] entropy;
    /** [b]: log p of the whole sequence, summed entropy. */
    private double[] logp;
    private double[] entropySum;
    /** [t][b][4H]: the gates' pre-activations, and their gradients. */
    private double[] pre;
    private double[] dz;
    /**
     * The distinct (step, embedding row) inputs of the rows in {@link #pre}: how many, which, each row's input, the
     * inputs themselves [H], their products with Wx plus the bias [4H], and (backward) their summed gradients [4H]
     * and the gradients of the embedding rows [H].
     */
    private int merged;
    private int[] mergedStep;
    private int[] mergedRow;
    private int[] inputOf;
    private double[] inputs;
    private double[] inputProducts;
    private double[] dzMerged;
    private double[] dInputs;
    /** Scratch: [b][H] hidden and cell gradients, [V] logits. */
    private double[] dh;
    private double[] dhNext;
    private double[] dc;
    private double[] dlogit;
    /** [4H][H]: transposed Wx and Wh for the backward pass. */
    private final double[] wxT;
    private final double[] whT;

    LstmPass(SearchSpace space, int hidden, ParameterLayout layout) {
        this.space = space;
        this.positions = space.positions();
        this.hidden = hidden;
        this.h4 = 4 * hidden;
        this.vocab = new int[positions];
        int mv = 0;
        for (int p = 0; p < positions; p++) {
            vocab[p] = space.vocabularySize(p);
            mv = Math.max(mv, vocab[p]);
        }
        this.maxVocab = mv;
        this.wx = layout.block(LstmPolicy.WX);
        this.wh = layout.block(LstmPolicy.WH);
        this.bias = layout.block(LstmPolicy.BIAS);
        this.emb = new ParameterLayout.Block[positions];
        this.headW = new ParameterLayout.Block[positions];
        this.headB = new ParameterLayout.Block[positions];
        for (int p = 0; p < positions; p++) {
            emb[p] = layout.block(LstmPolicy.embedding(p));
            headW[p] = layout.block(LstmPolicy.headWeights(p));
            headB[p] = layout.block(LstmPolicy.headBias(p));
        }
        this.wxT = new double[h4 * hidden];
        this.whT = new double[h4 * hidden];
    }

    private void ensure(int n) {
        rows = n;
        if (n <= capacity) {
            return;
        }
        capacity = n;
        prev = new int[positions * n];
        choices = new int[n][];
        gates = new double[positions * n * h4];
        cell = new double[positions * n * hidden];
        tanhCell = new double[positions * n * hidden];
        hid = new double[positions * n * hidden];
        logSoftmax = new double[positions * n * maxVocab];
        allowed = new boolean[positions * n * maxVocab];
        entropy = new double[positions * n];
        logp = new double[n];
        entropySum = new double[n];
        pre = new double[positions * n * h4];
        dz = new double[positions * n * h4];
        mergedStep = new int[positions * n];
        mergedRow = new int[positions * n];
        inputOf = new int[positions * n];
        inputs = new double[positions * n * hidden];
        inputProducts = new double[positions * n * h4];
        dzMerged = new double[positions * n * h4];
        dInputs = new double[positions * n * hidden];
        dh = new double[n * hidden];
        dhNext = new double[n * hidden];
        dc = new double[n * hidden];
        dlogit = new double[maxVocab];
    }

    // ---------------------------------------------------------------- forward

    /**
     * Samples {@code uniforms.length} sequences: at step t row b takes the first allowed choice at which the
     * cumulative probability exceeds {@code uniforms[b][t]}. Returns the choices; {@link #choiceLogProb} gives each
     * choice's log-probability.
     */
    int[][] sample(double[] w, double[][] uniforms) {
        int n = uniforms.length;
        ensure(n);
        for (int b = 0; b < n; b++) {
            choices[b] = new int[positions];
        }
        forward(w, uniforms);
        int[][] out = new int[n][];
        for (int b = 0; b < n; b++) {
            out[b] = choices[b];
        }
        return out;
    }

    /**
     * Runs the given sequences through the controller: afterwards {@link #logp}, {@link #entropySum} and the
     * backward pass refer to them.
     *
     * @throws IllegalArgumentException when a sequence has the wrong length or a masked choice
     */
    void evaluate(double[] w, int[][] sequences) {
        ensure(sequences.length);
        for (int b = 0; b < rows; b++) {
            if (sequences[b].length != positions) {
                throw new IllegalArgumentException("a choice sequence of space " + space.name() + " has " + positions
                        + " choices, got " + sequences[b].length);
            }
            choices[b] = sequences[b];
        }
        forward(w, null);
    }

    /** Log p of row b's whole sequence after the last forward pass. */
    double logp(int b) {
        return logp[b];
    }

    /** Summed entropy of row b's step distributions after the last forward pass. */
    double entropySum(int b) {
        return entropySum[b];
    }

    /** Log p of row b's choice at step t after the last forward pass. */
    double choiceLogProb(int b, int t) {
        return logSoftmax[(t * rows + b) * maxVocab + choices[b][t]];
    }

    private void forward(double[] w, double[][] uniforms) {
        int n = rows;
        for (int b = 0; b < n; b++) {
            logp[b] = 0;
            entropySum[b] = 0;
        }
        boolean sampling = uniforms != null;
        if (!sampling) { // every step's input is known: one pass over Wx for all of them
            for (int t = 0; t < positions; t++) {
                setPrevious(t);
            }
            inputPart(w, 0, positions);
        }
        for (int t = 0; t < positions; t++) {
            if (sampling) {
                setPrevious(t);
                inputPart(w, t, t + 1);
            }
            cellStep(w, t);
            for (int b = 0; b < n; b++) {
                headStep(w, t, b, sampling ? uniforms[b][t] : Double.NaN);
            }
        }
    }

    private void setPrevious(int t) {
        for (int b = 0; b < rows; b++) {
            prev[t * rows + b] = t == 0 ? 0 : choices[b][t - 1];
        }
    }

    /**
     * pre = bias + x Wx for the rows of steps t0 .. t1-1, computed once per distinct (step, embedding row) (each
     * element summed over k in order however many rows there are, so sampling step by step and training all steps
     * at once give the same bits).
     */
    private void inputPart(double[] w, int t0, int t1) {
        int n = rows;
        mergeInputs(t0, t1);
        for (int m = 0; m < merged; m++) {
            System.arraycopy(w, emb[mergedStep[m]].at(mergedRow[m], 0), inputs, m * hidden, hidden);
            System.arraycopy(w, bias.offset(), inputProducts, m * h4, h4);
        }
        DenseProducts.addProduct(new DenseProducts.Block(inputProducts, 0, h4), new DenseProducts.Block(inputs, 0, hidden),
                new DenseProducts.Block(w, wx.offset(), h4), merged, hidden, h4);
        for (int r = t0 * n; r < t1 * n; r++) {
            System.arraycopy(inputProducts, inputOf[r] * h4, pre, r * h4, h4);
        }
    }

    /** The distinct (step, embedding row) pairs of the rows of steps t0 .. t1-1, and which one each row reads. */
    private void mergeInputs(int t0, int t1) {
        int n = rows;
        merged = 0;
        for (int t = t0; t < t1; t++) {
            int first = merged;
            for (int b = 0; b < n; b++) {
                int r = t * n + b;
                int m = first;
                while (m < merged && mergedRow[m] != prev[r]) {
                    m++;
                }
                if (m == merged) {
                    mergedStep[m] = t;
                    mergedRow[m] = prev[r];
                    merged++;
                }
                inputOf[r] = m;
            }
        }
    }

    /** pre += h_{t-1} Wh, then the gates, the cell and the hidden state of step t. */
    private void cellStep(double[] w, int t) {
        int n = rows;
        if (t > 0) {
            DenseProducts.addProduct(new DenseProducts.Block(pre, t * n * h4, h4),
                    new DenseProducts.Block(hid, (t - 1) * n * hidden, hidden), new DenseProducts.Block(w, wh.offset(), h4),
                    n, hidden, h4);
        }
        for (int b = 0; b < n; b++) {
            int g = (t * n + b) * h4;
            int s = (t * n + b) * hidden;
            int sPrev = ((t - 1) * n + b) * hidden;
            for (int j = 0; j < hidden; j++) {
                double in = sigmoid(pre[g + j]);
                double forget = sigmoid(pre[g + hidden + j]);
                double cand = tanh(pre[g + 2 * hidden + j]);
                double out = sigmoid(pre[g + 3 * hidden + j]);
                gates[g + j] = in;
                gates[g + hidden + j] = forget;
                gates[g + 2 * hidden + j] = cand;
                gates[g + 3 * hidden + j] = out;
                double c = t == 0 ? in * cand : forget * cell[sPrev + j] + in * cand;
                double tc = tanh(c);
                cell[s + j] = c;
                tanhCell[s + j] = tc;
                hid[s + j] = out * tc;
            }
        }
    }

    /** Logits, mask, log-softmax and entropy of row b at step t; draws the choice when sampling. */
    private void headStep(double[] w, int t, int b, double u) {
        int n = rows;
        int v = vocab[t];
        int s = (t * n + b) * hidden;
        int l = (t * n + b) * maxVocab;
        boolean[] mask = space.mask(t, choices[b]);
        ParameterLayout.Block hw = headW[t];
        int hb = headB[t].offset();
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < v; c++) {
            allowed[l + c] = mask[c];
            if (!mask[c]) {
                continue;
            }
            double sum = w[hb + c];
            for (int k = 0; k < hidden; k++) {
                sum += hid[s + k] * w[hw.at(k, c)];
            }
            logSoftmax[l + c] = sum;
            max = Math.max(max, sum);
        }
        double total = 0;
        for (int c = 0; c < v; c++) {
            if (mask[c]) {
                total += Math.exp(logSoftmax[l + c] - max);
            }
        }
        double logZ = max + Math.log(total);
        double ent = 0;
        for (int c = 0; c < v; c++) {
            if (mask[c]) {
                double lsm = logSoftmax[l + c] - logZ;
                logSoftmax[l + c] = lsm;
                ent -= Math.exp(lsm) * lsm;
            }
        }
        entropy[t * n + b] = ent;
        entropySum[b] += ent;
        if (!Double.isNaN(u)) {
            double acc = 0;
            int pick = -1;
            for (int c = 0; c < v; c++) {
                if (!mask[c]) {
                    continue;
                }
                pick = c;
                acc += Math.exp(logSoftmax[l + c]);
                if (u < acc) {
                    break;
                }
            }
            choices[b][t] = pick;
        } else {
            int c = choices[b][t];
            if (c < 0 || c >= v || !mask[c]) {
                throw new IllegalArgumentException("choice " + c + " at position " + t + " is masked in space "
                        + space.name());
            }
        }
        logp[b] += logSoftmax[l + choices[b][t]];
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /**
     * tanh from {@link Math#exp} (which the JIT compiles to a fast intrinsic; {@link Math#tanh} is not one on Java 17
     * and took about a fifth of the controller's time): {@code (1 - e^-2|x|) / (1 + e^-2|x|)} with x's sign. Within
     * a few units of 1e-16 of {@code Math.tanh} (absolutely; relatively near 0 less precise, which nothing here
     * needs).
     */
    static double tanh(double x) {
        double e = Math.exp(-2 * Math.abs(x));
        return Math.copySign((1 - e) / (1 + e), x);
    }

    // ---------------------------------------------------------------- backward

    /**
     * Adds the gradient of the loss of the last {@link #evaluate}d batch to {@code grad}: the loss's derivative by
     * each row's log p is {@code dLossDLogp[b]}, and the loss holds {@code -entropyCoefficient * sum_b H_b}.
     */
    void backward(double[] w, double[] dLossDLogp, double entropyCoefficient, double[] grad) {
        int n = rows;
        transpose(w, wx, wxT);
        transpose(w, wh, whT);
        java.util.Arrays.fill(dhNext, 0, n * hidden, 0);
        java.util.Arrays.fill(dc, 0, n * hidden, 0);
        for (int t = positions - 1; t >= 0; t--) {
            System.arraycopy(dhNext, 0, dh, 0, n * hidden);
            for (int b = 0; b < n; b++) {
                headBackward(w, t, b, dLossDLogp[b], entropyCoefficient, grad);
                cellBackward(t, b);
            }
            if (t > 0) { // dh_{t-1} = dz_t Wh^T
                java.util.Arrays.fill(dhNext, 0, n * hidden, 0);
                DenseProducts.addProduct(new DenseProducts.Block(dhNext, 0, hidden),
                        new DenseProducts.Block(dz, t * n * h4, h4), new DenseProducts.Block(whT, 0, hidden), n, h4, hidden);
            }
        }
        weightGradients(grad);
    }

    private void transpose(double[] w, ParameterLayout.Block block, double[] out) {
        int rowsIn = block.rows();
        int colsIn = block.cols();
        for (int r = 0; r < rowsIn; r++) {
            int from = block.at(r, 0);
            for (int c = 0; c < colsIn; c++) {
                out[c * rowsIn + r] = w[from + c];
            }
        }
    }

    /**
     * dLoss/dlogit of row b at step t: {@code g (onehot - p)} from log p, plus the entropy term
     * {@code coefficient * p (l + H)} (dH/dlogit = -p (l + H)); masked choices get none. Adds to the head's
     * gradients and to dh.
     */
    private void headBackward(double[] w, int t, int b, double g, double coefficient, double[] grad) {
        int n = rows;
        int v = vocab[t];
        int s = (t * n + b) * hidden;
        int l = (t * n + b) * maxVocab;
        double ent = entropy[t * n + b];
        int chosen = choices[b][t];
        ParameterLayout.Block hw = headW[t];
        int hb = headB[t].offset();
        for (int c = 0; c < v; c++) {
            if (!allowed[l + c]) {
                dlogit[c] = 0;
                continue;
            }
            double lsm = logSoftmax[l + c];
            double p = Math.exp(lsm);
            dlogit[c] = g * ((c == chosen ? 1 : 0) - p) + coefficient * p * (lsm + ent);
            grad[hb + c] += dlogit[c];
        }
        int dhb = b * hidden;
        for (int k = 0; k < hidden; k++) {
            int row = hw.at(k, 0);
            double hk = hid[s + k];
            double sum = 0;
            for (int c = 0; c < v; c++) {
                grad[row + c] += hk * dlogit[c];
                sum += w[row + c] * dlogit[c];
            }
            dh[dhb + k] += sum;
        }
    }

    /** From dh (and the cell gradient carried from step t+1) to dz of row b; carries the cell gradient to t-1. */
    private void cellBackward(int t, int b) {
        int n = rows;
        int g = (t * n + b) * h4;
        int s = (t * n + b) * hidden;
        int sPrev = ((t - 1) * n + b) * hidden;
        int hb = b * hidden;
        int zb = g;
        for (int j = 0; j < hidden; j++) {
            double in = gates[g + j];
            double forget = gates[g + hidden + j];
            double cand = gates[g + 2 * hidden + j];
            double out = gates[g + 3 * hidden + j];
            double tc = tanhCell[s + j];
            double dhj = dh[hb + j];
            double dcj = dc[hb + j] + dhj * out * (1 - tc * tc);
            double cPrev = t == 0 ? 0 : cell[sPrev + j];
            dz[zb + j] = dcj * cand * in * (1 - in);
            dz[zb + hidden + j] = dcj * cPrev * forget * (1 - forget);
            dz[zb + 2 * hidden + j] = dcj * in * (1 - cand * cand);
            dz[zb + 3 * hidden + j] = dhj * tc * out * (1 - out);
            dc[hb + j] = dcj * forget;
        }
    }

    /**
     * After the steps: db += sum dz, dWh += sum_t h_{t-1}^T dz_t, and, with the input gradients summed over the rows
     * that read the same (step, embedding row) (as merged by the forward pass), dWx += x^T dz and
     * d(embedding row) += dz Wx^T. Each weight matrix is read or written once for all steps.
     */
    private void weightGradients(double[] grad) {
        int n = rows;
        int all = positions * n;
        int bo = bias.offset();
        for (int r = 0; r < all; r++) {
            DenseProducts.axpy(grad, bo, 1, dz, r * h4, h4);
        }
        java.util.Arrays.fill(dzMerged, 0, merged * h4, 0);
        for (int r = 0; r < all; r++) {
            DenseProducts.axpy(dzMerged, inputOf[r] * h4, 1, dz, r * h4, h4);
        }
        DenseProducts.addTransposedProduct(new DenseProducts.Block(grad, wx.offset(), h4),
                new DenseProducts.Block(inputs, 0, hidden), new DenseProducts.Block(dzMerged, 0, h4), merged, hidden, h4);
        DenseProducts.addTransposedProduct(new DenseProducts.Block(grad, wh.offset(), h4),
                new DenseProducts.Block(hid, 0, hidden), new DenseProducts.Block(dz, n * h4, h4), all - n, hidden, h4);
        java.util.Arrays.fill(dInputs, 0, merged * hidden, 0);
        DenseProducts.addProduct(new DenseProducts.Block(dInputs, 0, hidden), new DenseProducts.Block(dzMerged, 0, h4),
                new DenseProducts.Block(wxT, 0, hidden), merged, h4, hidden);
        for (int m = 0; m < merged; m++) {
            DenseProducts.axpy(grad, emb[mergedStep[m]].at(mergedRow[m], 0), 1, dInputs, m * hidden, hidden);
        }
    }
}
