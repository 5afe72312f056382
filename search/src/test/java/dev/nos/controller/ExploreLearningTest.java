package dev.nos.controller;

import dev.nos.rule.space.SearchSpace;
import org.junit.jupiter.api.Test;

class ExploreLearningTest {
    @Test
    void explore() {
        SearchSpace space = SearchSpace.small(2);
        int h = Integer.getInteger("h", 150);
        final int N = Integer.getInteger("n", 400);
        for (double lr : new double[] {2e-4, 5e-4}) {
            for (double ent : new double[] {0.0015}) {
                for (long seed = 1; seed <= 3; seed++) {
                    long t0 = System.nanoTime();
                    double[] ppo = SyntheticRun.run(new PpoSearcher(space, ControllerSettings.paper().withHidden(h).withLearningRate(lr).withEntropyWeight(ent), seed), N, 5);
                    long t1 = System.nanoTime();
                    double[] rnd = SyntheticRun.run(new RandomSearcher(space, seed), N, 5);
                    System.err.printf("h %d lr %g ent %g seed %d: ppo mean %.3f last100 %.3f best %.3f (%.1fs) | random mean %.3f best %.3f%n",
                            h, lr, ent, seed, SyntheticRun.mean(ppo, 0, N), SyntheticRun.mean(ppo, N - 100, N), SyntheticRun.max(ppo), (t1 - t0) / 1e9,
                            SyntheticRun.mean(rnd, 0, N), SyntheticRun.max(rnd));
                }
            }
        }
    }
}
