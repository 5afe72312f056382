package dev.nos.policy;

import dev.nos.trial.SyntheticReward;
import dev.nos.rule.space.SearchSpace;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SearcherCheckpointTest {

    private static List<ScoredRule> score(List<SampledRule> rules) {
        List<ScoredRule> out = new ArrayList<>();
        for (SampledRule r : rules) {
            out.add(new ScoredRule(r, SyntheticReward.of(r.rule())));
        }
        return out;
    }

    private static SearcherState roundTrip(SearcherState s) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        s.write(bytes);
        return SearcherState.read(new ByteArrayInputStream(bytes.toByteArray()));
    }

    @Test
    void aRestoredPpoSearcherContinuesExactlyAsTheOriginal() throws Exception {
        SearchSpace space = SearchSpace.small(2);
        ControllerSettings s = ControllerSettings.paper().withHidden(24).withLearningRate(1e-2);
        PpoSearcher original = new PpoSearcher(space, s, 5);
        for (int i = 0; i < 3; i++) {
            original.learn(score(original.sample(5)));
        }
        SearcherState saved = roundTrip(original.state());
        PpoSearcher restored = new PpoSearcher(space, s, 5);
        assertNotEquals(original.sample(5).get(0).logProb(), new PpoSearcher(space, s, 5).sample(5).get(0).logProb(),
                "learning changed the policy");
        restored.restore(saved);
        original.restore(saved); // both at the checkpoint (the sample above advanced the original)
        assertEquals(3, restored.updates());
        List<SampledRule> a = original.sample(5);
        List<SampledRule> b = restored.sample(5);
        assertEquals(a, b, "same samples, same log-probabilities");
        original.learn(score(a));
        restored.learn(score(b));
        SearcherState sa = original.state();
        SearcherState sb = restored.state();
        assertEquals(sa.arrays().keySet(), sb.arrays().keySet());
        for (String name : sa.arrays().keySet()) {
            assertArrayEquals(sa.arrays().get(name), sb.arrays().get(name), name);
        }
        assertEquals(sa.baseline(), sb.baseline());
        assertEquals(original.sample(5), restored.sample(5));
    }

    @Test
    void aCheckpointOfAnotherSearcherIsRefused() {
        SearchSpace space = SearchSpace.small(2);
        SearcherState random = new RandomSearcher(space, 1).state();
        PpoSearcher ppo = new PpoSearcher(space, ControllerSettings.paper().withHidden(8), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ppo.restore(random));
        assertEquals("checkpoint is of a random searcher over small:2, cannot restore a ppo searcher over small:2", e.getMessage());
    }

    @Test
    void randomSearchHonoursTheMasksAndIsSeeded() {
        SearchSpace space = SearchSpace.paper(3);
        List<SampledRule> a = new RandomSearcher(space, 4).sample(500);
        assertEquals(a, new RandomSearcher(space, 4).sample(500));
        for (SampledRule r : a) {
            int[] c = r.choices();
            for (int p = 0; p < c.length; p++) {
                assertEquals(true, space.mask(p, c)[c[p]]);
            }
        }
    }
}
