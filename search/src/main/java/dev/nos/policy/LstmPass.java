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
 * (layout of {@link ParameterLayout}) by back-propagation through time. The matrix products are loops of the form
 * {@code y[i] += a * x[i]} over contiguous rows, which the JIT compiles to vector instructions; the products with the
 * transposed weights ({@code dz Wx^T}, {@code dz Wh^T}) read transposed copies made once per backward pass so that
 * they are such loops too.
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
    /** Scratch: [b][4H] pre-activations and their gradient, [b][H] hidden and cell gradients, [V] logits. */
    private double[] z;
    private double[] dz;
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
        z = new double[n * h4];
        dz = new double[n * h4];
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
        for (int t = 0; t < positions; t++) {
            for (int b = 0; b < n; b++) {
                prev[t * n + b] = t == 0 ? 0 : choices[b][t - 1];
            }
            cellStep(w, t);
            for (int b = 0; b < n; b++) {
                headStep(w, t, b, uniforms == null ? Double.NaN : uniforms[b][t]);
            }
        }
    }

    /** z = bias + x Wx + h Wh for every row, then the gates, the cell and the hidden state of step t. */
    private void cellStep(double[] w, int t) {
        int n = rows;
        ParameterLayout.Block e = emb[t];
        for (int b = 0; b < n; b++) {
            System.arraycopy(w, bias.offset(), z, b * h4, h4);
        }
        int hPrev = (t - 1) * n * hidden;
        for (int k = 0; k < hidden; k++) {
            int wxRow = wx.at(k, 0);
            int whRow = wh.at(k, 0);
            for (int b = 0; b < n; b++) {
                double xk = w[e.at(prev[t * n + b], k)];
                int zb = b * h4;
                if (t == 0) { // h = 0
                    for (int j = 0; j < h4; j++) {
                        z[zb + j] += xk * w[wxRow + j];
                    }
                } else {
                    double hk = hid[hPrev + b * hidden + k];
                    for (int j = 0; j < h4; j++) {
                        z[zb + j] += xk * w[wxRow + j] + hk * w[whRow + j];
                    }
                }
            }
        }
        for (int b = 0; b < n; b++) {
            int zb = b * h4;
            int g = (t * n + b) * h4;
            int s = (t * n + b) * hidden;
            int sPrev = ((t - 1) * n + b) * hidden;
            for (int j = 0; j < hidden; j++) {
                double in = sigmoid(z[zb + j]);
                double forget = sigmoid(z[zb + hidden + j]);
                double cand = Math.tanh(z[zb + 2 * hidden + j]);
                double out = sigmoid(z[zb + 3 * hidden + j]);
                gates[g + j] = in;
                gates[g + hidden + j] = forget;
                gates[g + 2 * hidden + j] = cand;
                gates[g + 3 * hidden + j] = out;
                double c = t == 0 ? in * cand : forget * cell[sPrev + j] + in * cand;
                double tc = Math.tanh(c);
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
            weightGradients(w, t, grad);
            if (t > 0) {
                java.util.Arrays.fill(dhNext, 0, n * hidden, 0);
                for (int b = 0; b < n; b++) {
                    int zb = b * h4;
                    int hb = b * hidden;
                    for (int j = 0; j < h4; j++) {
                        double d = dz[zb + j];
                        int row = j * hidden;
                        for (int k = 0; k < hidden; k++) {
                            dhNext[hb + k] += d * whT[row + k];
                        }
                    }
                }
            }
        }
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
        int zb = b * h4;
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

    /** dWx += x^T dz, dWh += h_{t-1}^T dz, db += dz, d(embedding row) += dz Wx^T, for step t. */
    private void weightGradients(double[] w, int t, double[] grad) {
        int n = rows;
        ParameterLayout.Block e = emb[t];
        int hPrev = (t - 1) * n * hidden;
        for (int k = 0; k < hidden; k++) {
            int wxRow = wx.at(k, 0);
            int whRow = wh.at(k, 0);
            for (int b = 0; b < n; b++) {
                double xk = w[e.at(prev[t * n + b], k)];
                int zb = b * h4;
                if (t == 0) {
                    for (int j = 0; j < h4; j++) {
                        grad[wxRow + j] += xk * dz[zb + j];
                    }
                } else {
                    double hk = hid[hPrev + b * hidden + k];
                    for (int j = 0; j < h4; j++) {
                        double d = dz[zb + j];
                        grad[wxRow + j] += xk * d;
                        grad[whRow + j] += hk * d;
                    }
                }
            }
        }
        int bo = bias.offset();
        for (int b = 0; b < n; b++) {
            int zb = b * h4;
            for (int j = 0; j < h4; j++) {
                grad[bo + j] += dz[zb + j];
            }
            int embRow = e.at(prev[t * n + b], 0);
            for (int j = 0; j < h4; j++) {
                double d = dz[zb + j];
                int row = j * hidden;
                for (int k = 0; k < hidden; k++) {
                    grad[embRow + k] += d * wxT[row + k];
                }
            }
        }
    }
}
