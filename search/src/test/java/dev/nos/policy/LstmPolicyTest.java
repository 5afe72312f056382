package dev.nos.policy;

import dev.nos.rule.BinaryFunction;
import dev.nos.rule.Operand;
import dev.nos.rule.UnaryFunction;
import dev.nos.rule.space.SearchSpace;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

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

    private void checkGradients(PolicyObjective objective) {
        ControllerSettings s = ControllerSettings.paper().withHidden(4).withEntropyWeight(0.05);
        LstmPolicy policy = new LstmPolicy(tinySpace(), s.withClipRange(0.2), objective, 7);
        // a larger init so that the gradient is not tiny everywhere
        Random rnd = new Random(3);
        for (String name : policy.parameterNames()) {
            INDArray p = policy.parameter(name);
            for (long i = 0; i < p.length(); i++) {
                p.putScalar(i, rnd.nextGaussian() * 0.5);
            }
        }
        List<int[]> choices = new ArrayList<>();
        for (LstmPolicy.Draw d : policy.sample(4, new Random(11))) {
            choices.add(d.choices());
        }
        double[] logp = policy.logProbs(choices);
        double[] adv = {0.7, -0.4, 0.25, -0.9};
        // old log-probabilities: some inside the clip range, one ratio far outside it (its clipped side is flat)
        double[] old = {logp[0] + 0.05, logp[1] - 0.08, logp[2] - 0.5, logp[3] - 0.02}; // ratio 1.65 > 1.2, A > 0: clipped
        Map<String, INDArray> grads = policy.gradients(choices, adv, old);
        double h = 1e-6;
        int checked = 0;
        double worst = 0;
        for (String name : policy.parameterNames()) {
            INDArray p = policy.parameter(name);
            INDArray g = grads.get(name);
            assertEquals(p.length(), g.length(), "gradient of " + name + " has the parameter's size");
            for (long i = 0; i < p.length(); i++) {
                double x = p.getDouble(i);
                p.putScalar(i, x + h);
                double up = policy.loss(choices, adv, old);
                p.putScalar(i, x - h);
                double down = policy.loss(choices, adv, old);
                p.putScalar(i, x);
                double numeric = (up - down) / (2 * h);
                double analytic = g.getDouble(i);
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

    @Test
    void graphLogProbabilitiesEqualTheSamplingForwardPass() {
        SearchSpace space = SearchSpace.small(2);
        LstmPolicy policy = new LstmPolicy(space, ControllerSettings.paper(), PolicyObjective.PPO, 42);
        List<LstmPolicy.Draw> draws = policy.sample(8, new Random(1));
        List<int[]> choices = new ArrayList<>();
        for (LstmPolicy.Draw d : draws) {
            choices.add(d.choices());
        }
        double[] graph = policy.logProbs(choices);
        for (int i = 0; i < draws.size(); i++) {
            double sum = 0;
            for (double lp : draws.get(i).logProbs()) {
                sum += lp;
            }
            assertEquals(graph[i], sum, 1e-9, "log p of sample " + i);
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
            INDArray p = policy.parameter(name);
            assertTrue(p.maxNumber().doubleValue() <= 0.08 && p.minNumber().doubleValue() >= -0.08,
                    name + " starts in [-0.08, 0.08]");
        }
        // one head per position, sized by the position's vocabulary (operand bank grows: 12 then 13)
        assertEquals(12, policy.parameter("head_w_0").columns());
        assertEquals(13, policy.parameter("head_w_5").columns());
        assertEquals(6, policy.parameter("head_w_9").columns());
    }
}
