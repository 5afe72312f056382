package dev.nos.controller;

import dev.nos.engine.SyntheticReward;

import java.util.ArrayList;
import java.util.List;

/** Runs a searcher on the synthetic reward, in batches, without the engine: the rewards in sampling order. */
final class SyntheticRun {
    private SyntheticRun() {}

    static double[] run(Searcher searcher, int samples, int batch) {
        double[] rewards = new double[samples];
        int done = 0;
        while (done < samples) {
            List<SampledRule> rules = searcher.sample(Math.min(batch, samples - done));
            List<ScoredRule> scored = new ArrayList<>();
            for (SampledRule r : rules) {
                double reward = SyntheticReward.of(r.rule());
                rewards[done++] = reward;
                scored.add(new ScoredRule(r, reward));
            }
            searcher.learn(scored);
        }
        return rewards;
    }

    static double mean(double[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += x[i];
        }
        return s / (to - from);
    }

    static double max(double[] x) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            m = Math.max(m, v);
        }
        return m;
    }
}
