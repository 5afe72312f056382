package dev.nos.policy;

import dev.nos.rule.space.SearchSpace;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The paper's controller: a single-layer LSTM that emits a rule one choice at a time, built in SameDiff (double
 * precision).
 *
 * <p>Step p (p = 0 .. 5n-1) reads the embedding of the choice made at step p-1 (a learned start embedding at step 0;
 * each position has its own embedding table, as vocabularies differ), advances the LSTM (hidden size = embedding size
 * = {@code hidden}) and scores the vocabulary of position p with its own softmax head. The search space's mask is
 * added to the logits (minus infinity, written as {@value #MASKED} so that 0 * logit stays 0 in the entropy) before
 * the log-softmax (written out as {@code x - max - log(sum(exp(x - max)))}: SameDiff's own log-softmax returns
 * minus infinity for masked entries). The LSTM cell is unrolled by hand from {@code mmul}, {@code sigmoid}, {@code tanh} and gate slices
 * (SameDiff's fused LSTM op fails on this machine's oneDNN build).
 *
 * <p>Sampling runs the same forward pass step by step in plain Java on the current parameter values, because each
 * step's mask depends on the choices before it. Training evaluates the whole graph with the choices and masks fed as
 * placeholders; its loss ({@link PolicyObjective}) and gradients come from SameDiff. The gradient function is built
 * once, in the constructor ({@link GradientFunction} says why), so neither sampling nor training writes to
 * {@code System.out}.
 */
public final class LstmPolicy {

    /** The logit of a masked choice: its probability is exp(-1e9) = 0 in double precision. */
    public static final double MASKED = -1e9;

    private static final String LOSS = "loss";
    private static final String LOGP = "logp";
    private static final String ENTROPY = "entropy";

    private final SearchSpace space;
    private final ControllerSettings settings;
    private final PolicyObjective objective;
    private final int positions;
    private final int hidden;
    private final int[] vocab;
    private final int[] inVocab;
    private final SameDiff sd;
    private final List<String> parameterNames = new ArrayList<>();

    /**
     * @param initSeed seeds the uniform initialisation of every weight
     */
    public LstmPolicy(SearchSpace space, ControllerSettings settings, PolicyObjective objective, long initSeed) {
        this.space = space;
        this.settings = settings;
        this.objective = objective;
        this.positions = space.positions();
        this.hidden = settings.hidden();
        this.vocab = new int[positions];
        this.inVocab = new int[positions];
        for (int p = 0; p < positions; p++) {
            vocab[p] = space.vocabularySize(p);
            inVocab[p] = p == 0 ? 1 : vocab[p - 1];
        }
        this.sd = SameDiff.create();
        build(new Random(initSeed));
        GradientFunction.create(sd); // now, so that no later call prints (see GradientFunction)
    }

    // ---------------------------------------------------------------- graph

    private SDVariable param(String name, Random rnd, long rows, long cols) {
        double[] v = new double[(int) (rows * cols)];
        double a = settings.initScale();
        for (int i = 0; i < v.length; i++) {
            v[i] = (rnd.nextDouble() * 2 - 1) * a;
        }
        INDArray arr = Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE);
        parameterNames.add(name);
        return sd.var(name, arr);
    }

    private void build(Random rnd) {
        int h4 = 4 * hidden;
        SDVariable wx = param("lstm_wx", rnd, hidden, h4);
        SDVariable wh = param("lstm_wh", rnd, hidden, h4);
        SDVariable b = param("lstm_b", rnd, 1, h4);
        SDVariable h = null;
        SDVariable c = null;
        SDVariable logp = null;
        SDVariable entropy = null;
        SDVariable previous = sd.placeHolder("start", DataType.DOUBLE, -1, 1);
        for (int p = 0; p < positions; p++) {
            SDVariable emb = param("emb_" + p, rnd, inVocab[p], hidden);
            SDVariable headW = param("head_w_" + p, rnd, hidden, vocab[p]);
            SDVariable headB = param("head_b_" + p, rnd, 1, vocab[p]);
            SDVariable choice = sd.placeHolder("choice_" + p, DataType.DOUBLE, -1, vocab[p]);
            SDVariable mask = sd.placeHolder("mask_" + p, DataType.DOUBLE, -1, vocab[p]);

            SDVariable x = previous.mmul(emb);
            SDVariable z = x.mmul(wx).add(b);
            if (h != null) {
                z = z.add(h.mmul(wh));
            }
            SDVariable in = sd.nn.sigmoid(z.get(SDIndex.all(), SDIndex.interval(0, hidden)));
            SDVariable forget = sd.nn.sigmoid(z.get(SDIndex.all(), SDIndex.interval(hidden, 2 * hidden)));
            SDVariable cand = sd.nn.tanh(z.get(SDIndex.all(), SDIndex.interval(2 * hidden, 3 * hidden)));
            SDVariable out = sd.nn.sigmoid(z.get(SDIndex.all(), SDIndex.interval(3 * hidden, 4 * hidden)));
            c = c == null ? in.mul(cand) : forget.mul(c).add(in.mul(cand));
            h = out.mul(sd.nn.tanh(c));

            SDVariable logits = h.mmul(headW).add(headB).add(mask);
            // log-softmax written out: SameDiff's logSoftmax gives -inf for masked logits (then 0 * -inf = NaN)
            SDVariable shifted = logits.sub(logits.max(true, 1));
            SDVariable lsm = shifted.sub(sd.math.log(sd.math.exp(shifted).sum(true, 1)));
            SDVariable chosen = lsm.mul(choice).sum(1);
            SDVariable ent = sd.math.exp(lsm).mul(lsm).sum(1).neg();
            logp = logp == null ? chosen : logp.add(chosen);
            entropy = entropy == null ? ent : entropy.add(ent);
            previous = choice;
        }
        logp = logp.rename(LOGP);
        entropy = entropy.rename(ENTROPY);
        SDVariable objectiveTerm;
        if (objective == PolicyObjective.PPO) {
            // min(r A, clip(r, 1-eps, 1+eps) A) = A+ min(r, 1+eps) + A- max(r, 1-eps), with A+ = max(A, 0) and
            // A- = min(A, 0). Written this way because SameDiff's min passes the full gradient to BOTH arguments when
            // they tie (r inside the clip range), which doubles the gradient.
            SDVariable advPos = sd.placeHolder("advantage_pos", DataType.DOUBLE, -1);
            SDVariable advNeg = sd.placeHolder("advantage_neg", DataType.DOUBLE, -1);
            SDVariable oldLogp = sd.placeHolder("old_logp", DataType.DOUBLE, -1);
            SDVariable ratio = sd.math.exp(logp.sub(oldLogp));
            SDVariable upper = sd.math.clipByValue(ratio, 0, 1 + settings.clipRange());
            SDVariable lower = sd.math.clipByValue(ratio, 1 - settings.clipRange(), Double.MAX_VALUE);
            objectiveTerm = upper.mul(advPos).add(lower.mul(advNeg)).mean();
        } else {
            SDVariable advantage = sd.placeHolder("advantage", DataType.DOUBLE, -1);
            objectiveTerm = logp.mul(advantage).mean();
        }
        SDVariable loss = objectiveTerm.neg().sub(entropy.mean().mul(settings.entropyWeight()));
        loss.rename(LOSS);
        sd.setLossVariables(LOSS);
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

    /** The names of the trainable arrays, in a fixed order. */
    public List<String> parameterNames() {
        return List.copyOf(parameterNames);
    }

    /** The live array of a parameter (updates in place change the policy). */
    public INDArray parameter(String name) {
        SDVariable v = sd.getVariable(name);
        if (v == null || !parameterNames.contains(name)) {
            throw new IllegalArgumentException("the controller has no parameter '" + name + "'; it has " + parameterNames);
        }
        return v.getArr();
    }

    /** The number of trainable numbers. */
    public long parameterCount() {
        long n = 0;
        for (String name : parameterNames) {
            n += parameter(name).length();
        }
        return n;
    }

    // ---------------------------------------------------------------- sampling (plain Java forward pass)

    /** One sampled choice sequence with the log-probability of each choice. */
    public record Draw(int[] choices, double[] logProbs) {}

    /** Samples {@code n} choice sequences from the current parameters, honouring the space's masks. */
    public List<Draw> sample(int n, Random rnd) {
        Weights w = new Weights();
        List<Draw> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(w.draw(rnd));
        }
        return out;
    }

    /** A snapshot of the parameters as plain arrays, with the LSTM forward pass over them. */
    private final class Weights {
        final double[][] wx = parameter("lstm_wx").toDoubleMatrix();
        final double[][] wh = parameter("lstm_wh").toDoubleMatrix();
        final double[] b = parameter("lstm_b").toDoubleVector();
        final double[][][] emb = new double[positions][][];
        final double[][][] headW = new double[positions][][];
        final double[][] headB = new double[positions][];

        Weights() {
            for (int p = 0; p < positions; p++) {
                emb[p] = parameter("emb_" + p).toDoubleMatrix();
                headW[p] = parameter("head_w_" + p).toDoubleMatrix();
                headB[p] = parameter("head_b_" + p).toDoubleVector();
            }
        }

        Draw draw(Random rnd) {
            int h4 = 4 * hidden;
            double[] h = new double[hidden];
            double[] c = new double[hidden];
            double[] z = new double[h4];
            int[] choices = new int[positions];
            double[] logProbs = new double[positions];
            int previous = 0;
            for (int p = 0; p < positions; p++) {
                double[] x = emb[p][previous];
                System.arraycopy(b, 0, z, 0, h4);
                for (int k = 0; k < hidden; k++) {
                    double xk = x[k];
                    double hk = h[k];
                    double[] wxk = wx[k];
                    double[] whk = wh[k];
                    for (int j = 0; j < h4; j++) {
                        z[j] += xk * wxk[j] + hk * whk[j];
                    }
                }
                for (int j = 0; j < hidden; j++) {
                    double in = sigmoid(z[j]);
                    double forget = sigmoid(z[hidden + j]);
                    double cand = Math.tanh(z[2 * hidden + j]);
                    double out = sigmoid(z[3 * hidden + j]);
                    c[j] = forget * c[j] + in * cand;
                    h[j] = out * Math.tanh(c[j]);
                }
                boolean[] allowed = space.mask(p, choices);
                double[] logits = new double[vocab[p]];
                double max = Double.NEGATIVE_INFINITY;
                for (int v = 0; v < vocab[p]; v++) {
                    double s = headB[p][v];
                    for (int k = 0; k < hidden; k++) {
                        s += h[k] * headW[p][k][v];
                    }
                    logits[v] = allowed[v] ? s : Double.NEGATIVE_INFINITY;
                    max = Math.max(max, logits[v]);
                }
                double sum = 0;
                for (int v = 0; v < vocab[p]; v++) {
                    sum += allowed[v] ? Math.exp(logits[v] - max) : 0;
                }
                double logZ = max + Math.log(sum);
                double u = rnd.nextDouble();
                double acc = 0;
                int pick = -1;
                for (int v = 0; v < vocab[p]; v++) {
                    if (!allowed[v]) {
                        continue;
                    }
                    pick = v;
                    acc += Math.exp(logits[v] - logZ);
                    if (u < acc) {
                        break;
                    }
                }
                choices[p] = pick;
                logProbs[p] = logits[pick] - logZ;
                previous = pick;
            }
            return new Draw(choices, logProbs);
        }
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    // ---------------------------------------------------------------- training (SameDiff)

    /** The placeholders of a batch: start tokens, one-hot choices and additive masks at every position. */
    private Map<String, INDArray> feed(List<int[]> choices, double[] advantages, double[] oldLogProbs) {
        int n = choices.size();
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("start", Nd4j.ones(DataType.DOUBLE, n, 1));
        for (int p = 0; p < positions; p++) {
            double[][] onehot = new double[n][vocab[p]];
            double[][] mask = new double[n][vocab[p]];
            for (int i = 0; i < n; i++) {
                int[] ch = choices.get(i);
                if (ch.length != positions) {
                    throw new IllegalArgumentException("a choice sequence of space " + space.name() + " has " + positions
                            + " choices, got " + ch.length);
                }
                boolean[] allowed = space.mask(p, ch);
                if (!allowed[ch[p]]) {
                    throw new IllegalArgumentException("choice " + ch[p] + " at position " + p + " is masked in space "
                            + space.name());
                }
                onehot[i][ch[p]] = 1;
                for (int v = 0; v < vocab[p]; v++) {
                    mask[i][v] = allowed[v] ? 0 : MASKED;
                }
            }
            ph.put("choice_" + p, Nd4j.create(onehot));
            ph.put("mask_" + p, Nd4j.create(mask));
        }
        if (objective == PolicyObjective.PPO) {
            double[] pos = new double[n];
            double[] neg = new double[n];
            for (int i = 0; i < n; i++) {
                pos[i] = Math.max(advantages[i], 0);
                neg[i] = Math.min(advantages[i], 0);
            }
            ph.put("advantage_pos", Nd4j.create(pos, new long[] {n}, DataType.DOUBLE));
            ph.put("advantage_neg", Nd4j.create(neg, new long[] {n}, DataType.DOUBLE));
            ph.put("old_logp", Nd4j.create(oldLogProbs, new long[] {n}, DataType.DOUBLE));
        } else {
            ph.put("advantage", Nd4j.create(advantages, new long[] {n}, DataType.DOUBLE));
        }
        return ph;
    }

    /** The log-probability of each whole choice sequence under the current parameters, computed by the graph. */
    public double[] logProbs(List<int[]> choices) {
        double[] zeros = new double[choices.size()];
        Map<String, INDArray> out = sd.output(feed(choices, zeros, zeros), LOGP);
        return out.get(LOGP).toDoubleVector();
    }

    /** The training loss of a batch (what {@link #gradients} differentiates). */
    public double loss(List<int[]> choices, double[] advantages, double[] oldLogProbs) {
        Map<String, INDArray> out = sd.output(feed(choices, advantages, oldLogProbs), LOSS);
        return out.get(LOSS).getDouble(0);
    }

    /**
     * The gradient of the loss with respect to every parameter, from SameDiff.
     *
     * @param oldLogProbs the log-probability of each sequence when it was sampled (PPO's ratio); ignored by REINFORCE
     */
    public Map<String, INDArray> gradients(List<int[]> choices, double[] advantages, double[] oldLogProbs) {
        Map<String, INDArray> ph = feed(choices, advantages, oldLogProbs);
        Map<String, INDArray> g = sd.calculateGradients(ph, parameterNames);
        Map<String, INDArray> ordered = new LinkedHashMap<>();
        for (String name : parameterNames) {
            ordered.put(name, g.get(name));
        }
        return ordered;
    }
}
