package dev.nos.controller;

import dev.nos.rule.space.SearchSpace;
import org.junit.jupiter.api.Test;

class ExploreLearningTest {
    @Test
    void explore() {
        SearchSpace space = SearchSpace.small(2);
        int h = Integer.getInteger("h", 150);
        for (double lr : new double[] {1e-3, 3e-3}) {
            for (double ent : new double[] {0.0015, 0.02}) {
                for (long seed = 1; seed <= 3; seed++) {
                    long t0 = System.nanoTime();
                    double[] ppo = SyntheticRun.run(new PpoSearcher(space, ControllerSettings.paper().withHidden(h).withLearningRate(lr).withEntropyWeight(ent), seed), 300, 5);
                    long t1 = System.nanoTime();
                    double[] rnd = SyntheticRun.run(new RandomSearcher(space, seed), 300, 5);
                    System.err.printf("h %d lr %g ent %g seed %d: ppo mean %.3f last100 %.3f best %.3f (%.1fs) | random mean %.3f best %.3f%n",
                            h, lr, ent, seed, SyntheticRun.mean(ppo, 0, 300), SyntheticRun.mean(ppo, 200, 300), SyntheticRun.max(ppo), (t1 - t0) / 1e9,
                            SyntheticRun.mean(rnd, 0, 300), SyntheticRun.max(rnd));
                }
            }
        }
    }
}
