package dev.nos.rosenbrock;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartRankingTest {

    @Test
    void theDefaultStartIsTheClassicOneWithThePapersIterations() {
        RosenbrockEngine e = RosenbrockEngine.classic();
        assertEquals(-1.2, e.startX());
        assertEquals(1.0, e.startY());
        assertEquals(4000, e.iterations());
        assertEquals(new StartPoint(-1.2, 1), StartPoint.CLASSIC);
        assertEquals(StartPoint.CLASSIC, StartPoint.COMPARISON.get(0));
        assertEquals(4, StartPoint.COMPARISON.size());
    }

    @Test
    void eachStartIsRankedOnItsOwnInTheOrderGiven() {
        List<StartPoint> starts = List.of(new StartPoint(0, 0), new StartPoint(-1.5, 2));
        List<Optimizer> optimizers = List.of(
                Optimizer.of("blows up", List.of(1.0), Sgd::new),
                Optimizer.of("slow", List.of(1e-5), Sgd::new),
                Optimizer.of("fast", List.of(1e-3), Sgd::new));
        List<StartRanking> byStart = StartRanking.compare(starts, optimizers, 300);
        assertEquals(starts, byStart.stream().map(StartRanking::start).toList());
        for (StartRanking s : byStart) {
            assertEquals(List.of("fast", "slow", "blows up"), s.ranked().stream().map(OptimizerResult::name).toList());
            assertEquals(Optional.of(1), s.rankOf("fast"));
            assertEquals(Optional.of(3), s.rankOf("blows up"));
            assertEquals(Optional.empty(), s.rankOf("absent"));
            // the same numbers as the engine for that start on its own
            Run alone = s.start().engine(300).run(new Sgd(1e-3), 1e-3, Double.NaN);
            assertEquals(alone.finalLoss(), s.resultOf("fast").orElseThrow().rankingLoss(), 0.0);
        }
        assertTrue(byStart.get(0).resultOf("fast").orElseThrow().rankingLoss()
                != byStart.get(1).resultOf("fast").orElseThrow().rankingLoss(), "different starts, different runs");
    }

    @Test
    void startPointsMustBeFinite() {
        assertThrows(IllegalArgumentException.class, () -> new StartPoint(Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> new StartPoint(0, Double.POSITIVE_INFINITY));
    }
}
