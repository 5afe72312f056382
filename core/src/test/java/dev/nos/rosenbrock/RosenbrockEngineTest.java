package dev.nos.rosenbrock;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class RosenbrockEngineTest {

    @Test
    void functionAndGradientAtTheStart() {
        assertEquals(2.5 * 2.5 + 100 * 0.25 * 0.25, RosenbrockFunction.value(-1.5, 2), 1e-12);
        assertEquals(-155, RosenbrockFunction.dx(-1.5, 2), 1e-12);
        assertEquals(-50, RosenbrockFunction.dy(-1.5, 2), 1e-12);
        assertEquals(0, RosenbrockFunction.value(1, 1));
    }

    @Test
    void oneSgdStepIsStartMinusLrTimesGradient() {
        Run r = new RosenbrockEngine(-1.5, 2, 1).run(new Sgd(1e-3), 1e-3, Double.NaN);
        assertEquals(2, r.trajectory().size());
        assertEquals(-1.5, r.trajectory().x(0));
        assertEquals(2.0, r.trajectory().y(0));
        assertEquals(-1.5 + 1e-3 * 155, r.trajectory().x(1), 1e-12);
        assertEquals(2.0 + 1e-3 * 50, r.trajectory().y(1), 1e-12);
        assertEquals(RosenbrockFunction.value(-1.345, 2.05), r.finalLoss(), 1e-9);
    }

    @Test
    void sgdWithASmallLearningRateDecreasesTheLoss() {
        RosenbrockEngine engine = new RosenbrockEngine(-1.5, 2, 300);
        Run r = engine.run(new Sgd(1e-4), 1e-4, Double.NaN);
        assertFalse(r.diverged());
        assertEquals(301, r.trajectory().size());
        double start = RosenbrockFunction.value(-1.5, 2);
        assertTrue(r.finalLoss() < start, r.finalLoss() + " should be below " + start);
        assertEquals(RosenbrockFunction.distanceToOptimum(r.trajectory().x(300), r.trajectory().y(300)), r.distance(), 1e-12);
    }

    @Test
    void aDivergedRunIsMarkedNotThrown() {
        Run r = new RosenbrockEngine(-1.5, 2, 500).run(new Sgd(1.0), 1.0, Double.NaN);
        assertTrue(r.diverged());
        assertTrue(r.divergedAt() >= 0 && r.divergedAt() < 500);
        assertTrue(Double.isNaN(r.finalLoss()));
        assertEquals(r.divergedAt() + 1, r.trajectory().size(), "only finite points are kept");
    }

    @Test
    void tuningSkipsDivergedRunsAndPicksTheLowestLoss() {
        RosenbrockEngine engine = new RosenbrockEngine(-1.5, 2, 2000);
        List<Double> grid = List.of(1e-5, 1e-4, 1e-3, 1.0);
        OptimizerResult result = engine.tune(Optimizer.of("SGD", grid, Sgd::new));
        assertEquals(4, result.runs().size());
        assertEquals(1, result.divergedRuns());
        assertTrue(result.runs().get(3).diverged());
        Run best = result.best().orElseThrow();
        for (Run r : result.runs()) {
            if (!r.diverged()) {
                assertTrue(best.finalLoss() <= r.finalLoss());
            }
        }
        // each run on its own gives the same numbers: the best is 1e-3 here
        double[] losses = grid.stream().limit(3)
                .mapToDouble(lr -> engine.run(new Sgd(lr), lr, Double.NaN).finalLoss()).toArray();
        assertTrue(losses[2] < losses[1] && losses[1] < losses[0]);
        assertEquals(1e-3, best.learningRate());
        assertEquals(losses[2], best.finalLoss(), 0.0);
    }

    @Test
    void bestIgnoresDivergedAndPicksTheMinimum() {
        Trajectory t = new Trajectory(new double[]{0}, new double[]{0});
        Run a = new Run(1e-3, Double.NaN, 0.5, 1, -1, t);
        Run b = new Run(1e-2, Double.NaN, 0.1, 1, -1, t);
        Run c = new Run(1e-1, Double.NaN, Double.NaN, Double.NaN, 3, t);
        assertEquals(Optional.of(b), RosenbrockEngine.best(List.of(a, c, b)));
        assertEquals(Optional.empty(), RosenbrockEngine.best(List.of(c)));
    }

    @Test
    void adamIsTunedOverEpsilonsToo() {
        RosenbrockEngine engine = new RosenbrockEngine(-1.5, 2, 200);
        Optimizer adam = Optimizer.withEpsilon("Adam", List.of(1e-2, 3e-2), List.of(1e-3, 1e-8),
                eps -> (lr, totalSteps) -> new Adam(lr, 0.9, 0.999, eps));
        OptimizerResult result = engine.tune(adam);
        assertEquals(4, result.runs().size());
        assertTrue(result.runs().stream().allMatch(Run::hasEpsilon));
        assertTrue(result.best().isPresent());
        assertTrue(List.of(1e-3, 1e-8).contains(result.best().get().epsilon()));
    }

    @Test
    void compareRanksByBestLossWithAllDivergedLast() {
        RosenbrockEngine engine = new RosenbrockEngine(-1.5, 2, 500);
        List<OptimizerResult> ranked = engine.compare(List.of(
                Optimizer.of("blows up", List.of(1.0, 2.0), Sgd::new),
                Optimizer.of("slow", List.of(1e-5), Sgd::new),
                Optimizer.of("fast", List.of(1e-3), Sgd::new)));
        assertEquals(List.of("fast", "slow", "blows up"), ranked.stream().map(OptimizerResult::name).toList());
        assertTrue(ranked.get(2).best().isEmpty());
        assertEquals(Double.POSITIVE_INFINITY, ranked.get(2).rankingLoss());
    }

    @Test
    void badEngineSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new RosenbrockEngine(-1.5, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new RosenbrockEngine(Double.NaN, 2, 10));
        assertThrows(IllegalArgumentException.class, () -> Optimizer.of("x", List.of(-1.0), Sgd::new));
    }

    @Test
    void paperGridsHaveFourLearningRates() {
        for (Optimizer o : Optimizers.baselines()) {
            assertEquals(4, o.learningRates().size(), o.name());
        }
        assertEquals(24, Optimizers.adam().settings());
    }
}
