package dev.nos.policy;

import dev.nos.rule.space.SearchSpace;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PolicySearcherTest {

    private static double reward(SampledRule r) {
        int s = 0;
        for (int c : r.choices()) {
            s += c;
        }
        return (s % 7) / 7.0;
    }

    /**
     * Three REINFORCE updates move every parameter exactly as textbook Adam (beta 0.9, 0.999, epsilon 1e-8, bias
     * correction in the step size) would from the policy's own gradients: this pins the flat gradient's order, each
     * parameter's slice of the update, the step count and epsilon.
     */
    @Test
    void eachUpdateIsTextbookAdamOnThePolicysGradient() {
        double lr = 1e-2;
        ControllerSettings s = ControllerSettings.paper().withHidden(6).withLearningRate(lr);
        PolicySearcher searcher = new PolicySearcher(LstmPolicyTest.tinySpace(), s, PolicyObjective.REINFORCE, 3);
        LstmPolicy policy = searcher.policy();
        RewardBaseline mirror = new RewardBaseline(s.baselineDecay());
        Map<String, double[]> m = new HashMap<>();
        Map<String, double[]> v = new HashMap<>();
        for (String name : policy.parameterNames()) {
            m.put(name, new double[policy.parameter(name).length]);
            v.put(name, new double[policy.parameter(name).length]);
        }
        for (int t = 1; t <= 3; t++) {
            List<SampledRule> batch = searcher.sample(4);
            List<ScoredRule> scored = new ArrayList<>();
            List<int[]> choices = new ArrayList<>();
            double[] rewards = new double[batch.size()];
            double[] old = new double[batch.size()];
            for (int i = 0; i < batch.size(); i++) {
                rewards[i] = reward(batch.get(i));
                old[i] = batch.get(i).logProb();
                choices.add(batch.get(i).choices());
                scored.add(new ScoredRule(batch.get(i), rewards[i]));
            }
            Map<String, double[]> grads = policy.gradients(choices, mirror.advantages(rewards), old);
            Map<String, double[]> expected = new HashMap<>();
            double alpha = lr * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
            for (String name : policy.parameterNames()) {
                double[] p = policy.parameter(name);
                double[] g = grads.get(name);
                double[] mm = m.get(name);
                double[] vv = v.get(name);
                for (int i = 0; i < p.length; i++) {
                    mm[i] = 0.9 * mm[i] + 0.1 * g[i];
                    vv[i] = 0.999 * vv[i] + 0.001 * g[i] * g[i];
                    p[i] -= alpha * mm[i] / (Math.sqrt(vv[i]) + 1e-8);
                }
                expected.put(name, p);
            }
            searcher.learn(scored);
            for (String name : policy.parameterNames()) {
                assertArrayEquals(expected.get(name), policy.parameter(name), 1e-12,
                        "step " + t + ", " + name);
            }
        }
        assertEquals(3, searcher.state().optimizerSteps());
    }

    @Test
    void learningRateZeroLeavesThePolicyExactlyAsItWas() {
        SearchSpace space = SearchSpace.small(2);
        PolicySearcher searcher = new PolicySearcher(space, ControllerSettings.paper().withHidden(8).withLearningRate(0),
                PolicyObjective.PPO, 2);
        SearcherState before = searcher.state();
        for (int i = 0; i < 2; i++) {
            List<ScoredRule> scored = new ArrayList<>();
            for (SampledRule r : searcher.sample(5)) {
                scored.add(new ScoredRule(r, reward(r)));
            }
            searcher.learn(scored);
        }
        SearcherState after = searcher.state();
        for (String name : searcher.policy().parameterNames()) {
            assertArrayEquals(before.arrays().get(name), after.arrays().get(name), name);
        }
        assertEquals(0, after.optimizerSteps());
        assertEquals(2, after.updates());
    }

    @Test
    void searchersAreNamedByTheirObjective() {
        SearchSpace space = SearchSpace.small(2);
        ControllerSettings s = ControllerSettings.paper().withHidden(8);
        for (PolicyObjective objective : PolicyObjective.values()) {
            Searcher searcher = Searchers.create(objective.searcherName(), space, s, 1);
            assertEquals(objective.searcherName(), searcher.name());
            assertEquals(objective, ((PolicySearcher) searcher).objective());
        }
        assertEquals(4, PolicyObjective.PPO.passes(s));
        assertEquals(1, PolicyObjective.REINFORCE.passes(s));
        assertEquals("random", Searchers.create("random", space, s, 1).name());
    }
}
