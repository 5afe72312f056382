package dev.nos.bench.compare;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchCurveTest {

    @Test
    void bestAndMeansAreReadAtANumberOfRulesTrained() {
        SearchCurve c = new SearchCurve(new double[] {0.1, 0.5, 0.3, 0.7, 0.2}, 4);
        assertEquals(0.1, c.bestAt(1), 0);
        assertEquals(0.5, c.bestAt(3), 0);
        assertEquals(0.7, c.bestAt(5), 0);
        assertEquals(0.7, c.bestAt(100), 0, "past the end: all of them");
        assertEquals(0.3, c.meanAt(3), 1e-12);
        assertEquals((0.3 + 0.7) / 2, c.windowMeanAt(4, 2), 1e-12);
        assertTrue(Double.isNaN(new SearchCurve(new double[0], 0).bestAt(3)));
        assertEquals(2, c.countAtLeast(0.5, 5), "0.5 and 0.7");
        assertEquals(1, c.countAtLeast(0.5, 3), "0.5 among the first 3");
        assertEquals(0, c.countAtLeast(0.8, 100));
    }

    @Test
    void aBandIsTheMeanSpreadAndRangeOverSeeds() {
        List<SearchCurve> seeds = List.of(new SearchCurve(new double[] {0.2, 0.6}, 0),
                new SearchCurve(new double[] {0.4, 0.4}, 0), new SearchCurve(new double[] {0.8}, 0));
        CurveBand best = CurveBand.over(seeds, c -> c.trained() >= 2 ? c.bestAt(2) : Double.NaN);
        assertEquals(2, best.n(), "the seed with one rule trained has no value at 2");
        assertEquals(0.5, best.mean(), 1e-12);
        assertEquals(Math.sqrt(0.02), best.sd(), 1e-12);
        assertEquals(0.4, best.min(), 0);
        assertEquals(0.6, best.max(), 0);
    }

    @Test
    void theTableHasARowPerSearcher() {
        String t = SearcherComparison.table(Map.of("ppo", List.of(new SearchCurve(new double[] {0.5, 0.9}, 3))),
                Map.of("ppo", 12.0), null);
        assertTrue(t.contains("| ppo | 1 |"), t);
        assertTrue(t.contains("3 (for 2 trained)"), t);
        assertTrue(!t.contains("rules ≥"), t);
        String withBar = SearcherComparison.table(Map.of("ppo", List.of(new SearchCurve(new double[] {0.5, 0.9}, 3),
                new SearchCurve(new double[] {0.95, 0.9, 0.1}, 0))), Map.of("ppo", 12.0), 0.85);
        assertTrue(withBar.contains("| rules ≥ 0.85 |"), withBar);
        assertTrue(withBar.contains("| 1.5 ± 0.7 (1 to 2) |"), withBar);
    }
}
