package dev.nos.policy;

import dev.nos.rule.BinaryFunction;
import dev.nos.rule.Operand;
import dev.nos.rule.UnaryFunction;
import dev.nos.rule.space.SearchSpace;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class LstmPolicyTest {

    /** 3 operands (plus #0), 2 unaries, 3 binaries, 2 groups, all constraints: masks are active at several steps. */
    static SearchSpace tinySpace() {
        return new SearchSpace("tiny", List.of(Operand.G_, Operand.M_, Operand.ONE_),
                List.of(UnaryFunction.ID_, UnaryFunction.NEG_),
                List.of(BinaryFunction.ADD, BinaryFunction.MUL, BinaryFunction.SUB), 2, SearchSpace.Constraints.ALL);
    }

    @Test
    void ppoGradientMatchesFiniteDifferences() {
        checkGradients(PolicyObjective.PPO);
    }

    @Test
    void reinforceGradientMatchesFiniteDifferences() {
        checkGradients(PolicyObjective.REINFORCE);
    }

    /** A tiny controller with a larger init (so that the gradient is not tiny everywhere). */
    private static LstmPolicy tinyPolicy(PolicyObjective objective) {
        ControllerSettings s = ControllerSettings.paper().withHidden(4).withEntropyWeight(0.05).withClipRange(0.2);
        LstmPolicy policy = new LstmPolicy(tinySpace(), s, objective, 7);
        Random rnd = new Random(3);
        double[] w = policy.values();
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextGaussian() * 0.5;
        }
        return policy;
    }

    private static List<int[]> choicesOf(List<LstmPolicy.Draw> draws) {
        List<int[]> choices = new ArrayList<>();
        for (LstmPolicy.Draw d : draws) {
            choices.add(d.choices());
        }
        return choices;
    }

    /** Old log-probabilities: some ratios inside the clip range, one far outside it (its clipped side is flat). */
    private static double[] oldLogProbs(double[] logp) {
        return new double[] {logp[0] + 0.05, logp[1] - 0.08, logp[2] - 0.5, logp[3] - 0.02}; // ratio 1.65, A > 0
    }

    private void checkGradients(PolicyObjective objective) {
        LstmPolicy policy = tinyPolicy(objective);
        List<int[]> choices = choicesOf(policy.sample(4, new Random(11)));
        double[] adv = {0.7, -0.4, 0.25, -0.9};
        double[] old = oldLogProbs(policy.logProbs(choices));
        Map<String, double[]> grads = policy.gradients(choices, adv, old);
        double h = 1e-6;
        int checked = 0;
        double worst = 0;
        double[] w = policy.values();
        for (String name : policy.parameterNames()) {
            ParameterLayout.Block block = policy.layout().block(name);
            double[] g = grads.get(name);
            assertEquals(block.length(), g.length, "gradient of " + name + " has the parameter's size");
            for (int i = 0; i < g.length; i++) {
                int at = block.offset() + i;
                double x = w[at];
                w[at] = x + h;
                double up = policy.loss(choices, adv, old);
                w[at] = x - h;
                double down = policy.loss(choices, adv, old);
                w[at] = x;
                double numeric = (up - down) / (2 * h);
                double analytic = g[i];
                double err = Math.abs(numeric - analytic) / Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic));
                worst = Math.max(worst, err);
                if (err > 1e-5) {
                    fail(objective + ": gradient of " + name + "[" + i + "] is " + analytic + ", finite differences give "
                            + numeric);
                }
                checked++;
            }
        }
        assertTrue(checked > 200, "checked every parameter (" + checked + ")");
        assertTrue(worst < 1e-5, "worst relative error " + worst);
    }

    /**
     * The hand-written pass computes what the former SameDiff graph computed (now {@link SameDiffController}, test
     * code): log-probabilities, loss and every gradient, at the paper's size (hidden 150, small:2) and on the tiny
     * controller with its stale, clipped ratio, for both objectives.
     */
    @Test
    void lossAndGradientsEqualTheSameDiffGraphs() {
        for (PolicyObjective objective : PolicyObjective.values()) {
            LstmPolicy tiny = tinyPolicy(objective);
            List<int[]> tinyChoices = choicesOf(tiny.sample(4, new Random(11)));
            compareWithSameDiff(tiny, tinyChoices, new double[] {0.7, -0.4, 0.25, -0.9},
                    oldLogProbs(tiny.logProbs(tinyChoices)));

            // a batch larger than the pass's buffers (LstmPolicy.CHUNK): it goes through in chunks
            List<int[]> many = choicesOf(tiny.sample(LstmPolicy.CHUNK + 7, new Random(5)));
            double[] manyAdv = new double[many.size()];
            double[] manyOld = tiny.logProbs(many);
            for (int i = 0; i < many.size(); i++) {
                manyAdv[i] = Math.sin(i);
                manyOld[i] += 0.3 * Math.cos(i);
            }
            compareWithSameDiff(tiny, many, manyAdv, manyOld);

            LstmPolicy paper = new LstmPolicy(SearchSpace.small(2), ControllerSettings.paper(), objective, 42);
            List<int[]> paperChoices = choicesOf(paper.sample(5, new Random(2)));
            double[] logp = paper.logProbs(paperChoices);
            double[] old = {logp[0], logp[1] + 0.1, logp[2] - 0.3, logp[3], logp[4] - 0.01};
            compareWithSameDiff(paper, paperChoices, new double[] {0.3, -0.2, 0.5, -0.6, 0.1}, old);
        }
    }

    private static void compareWithSameDiff(LstmPolicy policy, List<int[]> choices, double[] adv, double[] old) {
        SameDiffController graph = new SameDiffController(policy);
        String what = policy.objective() + ", hidden " + policy.settings().hidden();
        double[] logp = policy.logProbs(choices);
        double[] graphLogp = graph.logProbs(choices);
        for (int i = 0; i < logp.length; i++) {
            assertEquals(graphLogp[i], logp[i], 1e-9, what + ": log p of sequence " + i);
        }
        assertEquals(graph.loss(choices, adv, old), policy.loss(choices, adv, old), 1e-9, what + ": loss");
        assertEquals(policy.loss(choices, adv, old), policy.gradient(choices, adv, old,
                new double[policy.values().length]), 1e-12, what + ": the loss the gradient pass reports");
        Map<String, double[]> mine = policy.gradients(choices, adv, old);
        Map<String, double[]> theirs = graph.gradients(choices, adv, old);
        for (String name : policy.parameterNames()) {
            double[] a = mine.get(name);
            double[] b = theirs.get(name);
            assertEquals(b.length, a.length, name);
            for (int i = 0; i < a.length; i++) {
                double err = Math.abs(a[i] - b[i]) / Math.max(1e-6, Math.abs(a[i]) + Math.abs(b[i]));
                if (err > 1e-7) {
                    fail(what + ": gradient of " + name + "[" + i + "] is " + a[i] + ", SameDiff's " + b[i]);
                }
            }
        }
    }

    /**
     * A sample's log-probabilities are those the training pass gives its sequence, whatever the other sequences of
     * the batch (evaluated here in reverse order, and one at a time); and sampling one rule at a time draws the same
     * rules as sampling them together.
     */
    @Test
    void sampledLogProbabilitiesEqualTheTrainingPasss() {
        SearchSpace space = SearchSpace.small(2);
        LstmPolicy policy = new LstmPolicy(space, ControllerSettings.paper(), PolicyObjective.PPO, 42);
        List<LstmPolicy.Draw> draws = policy.sample(8, new Random(1));
        List<int[]> reversed = new ArrayList<>(choicesOf(draws));
        java.util.Collections.reverse(reversed);
        double[] together = policy.logProbs(reversed);
        Random one = new Random(1);
        for (int i = 0; i < draws.size(); i++) {
            double sum = 0;
            for (double lp : draws.get(i).logProbs()) {
                sum += lp;
            }
            assertEquals(together[draws.size() - 1 - i], sum, 1e-12, "log p of sample " + i);
            assertEquals(policy.logProbs(List.of(draws.get(i).choices()))[0], sum, 1e-12, "alone");
            LstmPolicy.Draw alone = policy.sample(1, one).get(0);
            assertArrayEquals(draws.get(i).choices(), alone.choices(), "sample " + i + " drawn alone");
            assertArrayEquals(draws.get(i).logProbs(), alone.logProbs(), 1e-12);
        }
    }

    @Test
    void masksAreHonouredOverManySamples() {
        for (SearchSpace space : List.of(SearchSpace.small(2), SearchSpace.paper(3), tinySpace())) {
            // a sharp random policy (init scale 3): without masks it would put mass on forbidden choices
            LstmPolicy policy = new LstmPolicy(space, new ControllerSettings(16, 3.0, 1e-5, 0.0015, 5, 0.2, 4, 0.95),
                    PolicyObjective.PPO, 5);
            int n = 3000;
            for (LstmPolicy.Draw d : policy.sample(n, new Random(9))) {
                int[] c = d.choices();
                for (int p = 0; p < c.length; p++) {
                    assertTrue(space.mask(p, c)[c[p]], space.name() + ": forbidden choice " + c[p] + " at position " + p);
                    assertTrue(d.logProbs()[p] <= 0 && Double.isFinite(d.logProbs()[p]), "finite log p");
                }
                space.decode(c); // throws if any choice is masked
            }
        }
    }

    /**
     * Masked choices get no probability: summed over every choice sequence the masks allow (3,456 in the tiny space,
     * masks active at 3 of its 10 positions), the graph's probabilities add up to 1, so nothing is left for the
     * sequences they forbid. The sampling pass gives each of them the same log-probability.
     */
    @Test
    void theAllowedSequencesCarryAllTheProbability() {
        SearchSpace space = tinySpace();
        // sharp (init scale 3), so that without the masks much of the mass would be on forbidden choices
        LstmPolicy policy = new LstmPolicy(space, new ControllerSettings(8, 3.0, 1e-5, 0.0015, 5, 0.2, 4, 0.95),
                PolicyObjective.PPO, 5);
        List<int[]> allowed = new ArrayList<>();
        enumerate(space, new int[space.positions()], 0, allowed);
        assertEquals(3456, allowed.size());
        double total = 0;
        for (double lp : policy.logProbs(allowed)) {
            total += Math.exp(lp);
        }
        assertEquals(1.0, total, 1e-9, "probability of all allowed sequences");
        int[] forbidden = allowed.get(0).clone();
        forbidden[1] = forbidden[0]; // the same operand twice
        assertThrows(IllegalArgumentException.class, () -> policy.logProbs(List.of(forbidden)));
    }

    private static void enumerate(SearchSpace space, int[] prefix, int position, List<int[]> out) {
        if (position == prefix.length) {
            out.add(prefix.clone());
            return;
        }
        boolean[] mask = space.mask(position, prefix);
        for (int c = 0; c < mask.length; c++) {
            if (mask[c]) {
                prefix[position] = c;
                enumerate(space, prefix, position + 1, out);
            }
        }
        prefix[position] = 0;
    }

    /**
     * The paper-size controller's parameters, counted from the LSTM's formula: input and recurrent weights and bias
     * of the 4 gates (4h(h + h + 1)), and per position an embedding of the previous position's vocabulary (one start
     * row at position 0), a softmax head and its bias. Every weight starts in [-0.08, 0.08].
     */
    @Test
    void paperSizeControllerHasTheLstmFormulasParameterCount() {
        SearchSpace space = SearchSpace.small(2);
        LstmPolicy policy = new LstmPolicy(space, ControllerSettings.paper(), PolicyObjective.PPO, 1);
        int h = 150;
        long expected = 4L * h * (h + h + 1);
        for (int p = 0; p < space.positions(); p++) {
            long previousVocabulary = p == 0 ? 1 : space.vocabularySize(p - 1);
            expected += previousVocabulary * h + (long) h * space.vocabularySize(p) + space.vocabularySize(p);
        }
        assertEquals(expected, policy.parameterCount());
        for (String name : policy.parameterNames()) {
            for (double x : policy.parameter(name)) {
                assertTrue(x <= 0.08 && x >= -0.08, name + " starts in [-0.08, 0.08]");
            }
        }
        // one head per position, sized by the position's vocabulary (operand bank grows: 12 then 13)
        assertEquals(12, policy.parameterShape("head_w_0")[1]);
        assertEquals(13, policy.parameterShape("head_w_5")[1]);
        assertEquals(6, policy.parameterShape("head_w_9")[1]);
    }
}
