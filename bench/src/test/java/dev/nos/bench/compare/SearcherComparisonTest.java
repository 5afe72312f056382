package dev.nos.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nos.engine.SearchSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearcherComparisonTest {

    @Test
    void theSpaceOptionReachesTheSearchSettings() {
        Map<String, String> opts = SearcherComparison.options(
                new String[] {"OUT", "--space", "paper:2", "--trials", "300", "--refine-lr"});
        SearchSettings s = SearcherComparison.settings("random", 3, 300, opts);
        assertEquals("paper:2", s.space());
        assertEquals(3, s.seed());
        assertEquals("random", s.searcher());
    }

    @Test
    void withoutTheSpaceOptionTheSearchKeepsItsDefaultSpace() {
        SearchSettings s = SearcherComparison.settings("ppo", 1, 300, SearcherComparison.options(new String[] {"OUT"}));
        assertEquals("small:2", s.space());
    }

    @Test
    void aMistypedOptionIsAnErrorNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SearcherComparison.options(new String[] {"OUT", "--spaces", "paper:2"}));
        assertTrue(e.getMessage().contains("'--spaces'"), e.getMessage());
        // the list of valid options, with the one meant ("--spaces" itself already contains "--space")
        assertTrue(e.getMessage().contains("--space, "), e.getMessage());
    }

    @Test
    void anUnknownSpaceIsAnErrorNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearcherComparison.settings(
                "ppo", 1, 300, SearcherComparison.options(new String[] {"OUT", "--space", "huge:2"})));
        assertTrue(e.getMessage().contains("huge:2"), e.getMessage());
    }
}
