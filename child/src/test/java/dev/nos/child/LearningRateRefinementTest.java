package dev.nos.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class LearningRateRefinementTest {

    private static Map<Double, Double> points(double... rateThenAccuracy) {
        Map<Double, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < rateThenAccuracy.length; i += 2) {
            m.put(rateThenAccuracy[i], rateThenAccuracy[i + 1]);
        }
        return m;
    }

    @Test
    void interiorBestGoesToTheParabolasVertex() {
        // accuracy = 0.9 - (log10 lr + 2.3)^2 / 10 at 1e-3, 1e-2, 1e-1: the vertex is at 10^-2.3
        Map<Double, Double> p = new LinkedHashMap<>();
        for (double x : new double[] {-3, -2, -1}) {
            p.put(Math.pow(10, x), 0.9 - (x + 2.3) * (x + 2.3) / 10);
        }
        OptionalDouble next = LearningRateRefinement.next(p);
        assertTrue(next.isPresent());
        assertEquals(-2.3, Math.log10(next.getAsDouble()), 1e-9);
    }

    @Test
    void theVertexStaysWithinHalfWayToEachNeighbour() {
        java.util.Random r = new java.util.Random(5);
        for (int k = 0; k < 10_000; k++) {
            double x0 = -5 + 2 * r.nextDouble();
            double x1 = x0 + 0.1 + 2 * r.nextDouble();
            double x2 = x1 + 0.1 + 2 * r.nextDouble();
            double y1 = r.nextDouble();
            double y0 = y1 * r.nextDouble();
            double y2 = y1 * r.nextDouble();
            double v = LearningRateRefinement.vertex(x0, y0, x1, y1, x2, y2);
            assertTrue(v >= (x0 + x1) / 2 - 1e-9 && v <= (x1 + x2) / 2 + 1e-9,
                    "vertex " + v + " of " + x0 + ", " + x1 + ", " + x2);
        }
    }

    @Test
    void atTheEndOfTheGridItTakesTheMidpointTowardTheNeighbour() {
        OptionalDouble next = LearningRateRefinement.next(points(1e-3, 0.86, 1e-2, 0.84, 1e-1, 0.70));
        assertEquals(-2.5, Math.log10(next.getAsDouble()), 1e-9);
        OptionalDouble high = LearningRateRefinement.next(points(1e-3, 0.5, 1e-2, 0.8, 1e-1, 0.85));
        assertEquals(-1.5, Math.log10(high.getAsDouble()), 1e-9);
    }

    @Test
    void aSecondStepUsesTheProbe() {
        Map<Double, Double> p = points(1e-3, 0.86, 1e-2, 0.84, 1e-1, 0.70);
        p.put(Math.pow(10, -2.5), 0.87); // the probe is the new best, between 1e-3 and 1e-2
        double x = Math.log10(LearningRateRefinement.next(p).getAsDouble());
        assertTrue(x > -3 && x < -2 && Math.abs(x + 2.5) > 0.02, "between the probe's neighbours: " + x);
    }

    @Test
    void nothingNewToTry() {
        assertTrue(LearningRateRefinement.next(points(1e-2, 0.8)).isEmpty(), "one rate: no neighbour");
        // a symmetric bend: the vertex is the best rate itself, already tried
        assertTrue(LearningRateRefinement.next(points(1e-3, 0.8, 1e-2, 0.85, 1e-1, 0.8)).isEmpty());
        // NaN accuracies are left out
        assertTrue(LearningRateRefinement.next(points(1e-3, Double.NaN, 1e-2, 0.85)).isEmpty());
    }
}
