package dev.nos.policy;

import dev.nos.trial.SyntheticReward;
import dev.nos.rule.Rule;
import dev.nos.rule.space.SearchSpace;

/**
 * The learning test's reward: half the {@link SyntheticReward} (fingerprint closeness to PowerSign), half the share
 * of the rule's choices that equal PowerSign's choices in the space. The fingerprint half alone has a wide plateau
 * (every way of writing plain SGD scores 0.70) on which a controller settles within a few hundred samples; the
 * choice half gives the policy gradient a path to PowerSign (1.0), so the test can tell learning from chance.
 */
final class ShapedReward {
    private final int[] target;

    ShapedReward(SearchSpace space) {
        this.target = space.encode(space.parse("exp(sign(g) * sign(m)) * g"));
    }

    double of(SampledRule r) {
        int[] c = r.choices();
        int same = 0;
        for (int i = 0; i < c.length; i++) {
            same += c[i] == target[i] ? 1 : 0;
        }
        return 0.5 * same / c.length + 0.5 * SyntheticReward.of(r.rule());
    }

    static double[] run(Searcher searcher, ShapedReward reward, int samples, int batch) {
        double[] rewards = new double[samples];
        int done = 0;
        while (done < samples) {
            java.util.List<ScoredRule> scored = new java.util.ArrayList<>();
            for (SampledRule r : searcher.sample(Math.min(batch, samples - done))) {
                double w = reward.of(r);
                rewards[done++] = w;
                scored.add(new ScoredRule(r, w));
            }
            searcher.learn(scored);
        }
        return rewards;
    }
}
