package dev.nos.policy;

import dev.nos.rule.space.SearchSpace;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The controller as it was built before issue 12: a SameDiff graph (double precision) of the same LSTM, heads, masks
 * and loss, with its gradients from SameDiff's automatic differentiation. Test code only: the yardstick that the
 * hand-written forward and backward pass ({@link LstmPass}) computes the same loss, log-probabilities and gradients
 * as the graph the project used to train with. Built from a {@link LstmPolicy}'s current parameter values.
 *
 * <p>How the graph is written (found on SameDiff 1.0.0-M2.1, oneDNN build): the LSTM cell is unrolled from
 * {@code mmul}, {@code sigmoid}, {@code tanh} and gate slices ({@code sd.rnn.lstmLayer} fails on that build); the
 * log-softmax is written out ({@code logSoftmax} gives minus infinity for masked logits, and 0 * -inf is NaN); the
 * mask adds {@value #MASKED} to forbidden logits; PPO's min is written as {@code A+ min(r, 1+eps) + A- max(r, 1-eps)}
 * (SameDiff's min passes the whole gradient to both arguments when they tie).
 */
final class SameDiffController {
    static final double MASKED = -1e9;

    private final SearchSpace space;
    private final PolicyObjective objective;
    private final int positions;
    private final int[] vocab;
    private final List<String> names;
    private final SameDiff sd = SameDiff.create();

    SameDiffController(LstmPolicy policy) {
        this.space = policy.space();
        this.objective = policy.objective();
        this.positions = space.positions();
        this.vocab = new int[positions];
        for (int p = 0; p < positions; p++) {
            vocab[p] = space.vocabularySize(p);
        }
        this.names = policy.parameterNames();
        build(policy);
        GradientFunction.create(sd);
    }

    private SDVariable param(LstmPolicy policy, String name) {
        int[] shape = policy.parameterShape(name);
        INDArray arr = Nd4j.create(policy.parameter(name), new long[] {shape[0], shape[1]}, DataType.DOUBLE);
        return sd.var(name, arr);
    }

    private void build(LstmPolicy policy) {
        ControllerSettings settings = policy.settings();
        int hidden = settings.hidden();
        SDVariable wx = param(policy, LstmPolicy.WX);
        SDVariable wh = param(policy, LstmPolicy.WH);
        SDVariable b = param(policy, LstmPolicy.BIAS);
        SDVariable h = null;
        SDVariable c = null;
        SDVariable logp = null;
        SDVariable entropy = null;
        SDVariable previous = sd.placeHolder("start", DataType.DOUBLE, -1, 1);
        for (int p = 0; p < positions; p++) {
            SDVariable emb = param(policy, LstmPolicy.embedding(p));
            SDVariable headW = param(policy, LstmPolicy.headWeights(p));
            SDVariable headB = param(policy, LstmPolicy.headBias(p));
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
            SDVariable shifted = logits.sub(logits.max(true, 1));
            SDVariable lsm = shifted.sub(sd.math.log(sd.math.exp(shifted).sum(true, 1)));
            SDVariable chosen = lsm.mul(choice).sum(1);
            SDVariable ent = sd.math.exp(lsm).mul(lsm).sum(1).neg();
            logp = logp == null ? chosen : logp.add(chosen);
            entropy = entropy == null ? ent : entropy.add(ent);
            previous = choice;
        }
        logp = logp.rename("logp");
        SDVariable objectiveTerm;
        if (objective == PolicyObjective.PPO) {
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
        loss.rename("loss");
        sd.setLossVariables("loss");
    }

    private Map<String, INDArray> feed(List<int[]> choices, double[] advantages, double[] oldLogProbs) {
        int n = choices.size();
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("start", Nd4j.ones(DataType.DOUBLE, n, 1));
        for (int p = 0; p < positions; p++) {
            double[][] onehot = new double[n][vocab[p]];
            double[][] mask = new double[n][vocab[p]];
            for (int i = 0; i < n; i++) {
                int[] ch = choices.get(i);
                boolean[] allowed = space.mask(p, ch);
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

    double[] logProbs(List<int[]> choices) {
        double[] zeros = new double[choices.size()];
        return sd.output(feed(choices, zeros, zeros), "logp").get("logp").toDoubleVector();
    }

    double loss(List<int[]> choices, double[] advantages, double[] oldLogProbs) {
        return sd.output(feed(choices, advantages, oldLogProbs), "loss").get("loss").getDouble(0);
    }

    Map<String, double[]> gradients(List<int[]> choices, double[] advantages, double[] oldLogProbs) {
        Map<String, INDArray> g = sd.calculateGradients(feed(choices, advantages, oldLogProbs), names);
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String name : names) {
            out.put(name, g.get(name).dup('c').data().asDouble());
        }
        return out;
    }
}
