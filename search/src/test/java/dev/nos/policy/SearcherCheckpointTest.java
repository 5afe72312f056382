package dev.nos.policy;

import dev.nos.trial.SyntheticReward;
import dev.nos.rule.space.SearchSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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

    @ParameterizedTest
    @EnumSource(PolicyObjective.class)
    void aRestoredPolicySearcherContinuesExactlyAsTheOriginal(PolicyObjective objective) throws Exception {
        SearchSpace space = SearchSpace.small(2);
        ControllerSettings s = ControllerSettings.paper().withHidden(24).withLearningRate(1e-2);
        PolicySearcher original = new PolicySearcher(space, s, objective, 5);
        for (int i = 0; i < 3; i++) {
            original.learn(score(original.sample(5)));
        }
        SearcherState saved = roundTrip(original.state());
        assertEquals(objective.searcherName(), saved.kind());
        assertEquals(3L * objective.passes(s), saved.optimizerSteps(), "one Adam step a pass");
        long parameters = original.policy().parameterCount();
        assertEquals(parameters, saved.arrays().get("adam/m").length);
        assertEquals(parameters, saved.arrays().get("adam/v").length);
        assertArrayEquals(new double[] {1e-2}, saved.arrays().get("adam/learning_rate"));
        // another learning rate: the checkpoint's must come back, or the continuation below differs
        PolicySearcher restored = new PolicySearcher(space, s.withLearningRate(0.5), objective, 5);
        assertNotEquals(original.sample(5).get(0).logProb(), new PolicySearcher(space, s, objective, 5).sample(5).get(0).logProb(),
                "learning changed the policy");
        restored.restore(saved);
        original.restore(saved); // both at the checkpoint (the sample above advanced the original)
        assertEquals(3, restored.updates());
        assertEquals(1e-2, restored.settings().learningRate());
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
        assertEquals(sa.optimizerSteps(), sb.optimizerSteps());
        assertEquals(original.sample(5), restored.sample(5));
    }

    @Test
    void theSameSeedGivesTheSameRulesBeforeAndAfterLearning() {
        SearchSpace space = SearchSpace.small(2);
        ControllerSettings s = ControllerSettings.paper().withHidden(16).withLearningRate(1e-2);
        Searcher a = Searchers.create("ppo", space, s, 9);
        Searcher b = Searchers.create("ppo", space, s, 9);
        for (int i = 0; i < 2; i++) {
            List<SampledRule> ra = a.sample(5);
            assertEquals(ra, b.sample(5));
            a.learn(score(ra));
            b.learn(score(ra));
        }
        assertEquals(a.sample(5), b.sample(5));
    }

    @Test
    void aCheckpointOfAnotherSearcherIsRefused() {
        SearchSpace space = SearchSpace.small(2);
        SearcherState random = new RandomSearcher(space, 1).state();
        Searcher ppo = Searchers.create("ppo", space, ControllerSettings.paper().withHidden(8), 1);
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

    @Test
    void anExploringSearcherRestoresItsEntropyWeight() throws Exception {
        SearchSpace space = SearchSpace.small(2);
        ControllerSettings s = ControllerSettings.paper().withHidden(24).withLearningRate(1e-2).exploring(0.25);
        PolicySearcher original = new PolicySearcher(space, s, PolicyObjective.PPO, 5);
        for (int i = 0; i < 3; i++) { // every rule a repeat: the weight grows
            List<ScoredRule> batch = new ArrayList<>();
            for (ScoredRule r : score(original.sample(5))) {
                batch.add(new ScoredRule(r.sample(), r.reward(), true));
            }
            original.learn(batch);
        }
        assertEquals(0.0015 * Math.exp(3 * 0.75), original.entropyWeight(), 1e-12);
        PolicySearcher restored = new PolicySearcher(space, s, PolicyObjective.PPO, 5);
        restored.restore(roundTrip(original.state()));
        assertEquals(original.entropyWeight(), restored.entropyWeight(), 0);
        List<ScoredRule> next = score(original.sample(5));
        original.learn(next);
        restored.sample(5);
        restored.learn(next);
        assertArrayEquals(original.policy().values(), restored.policy().values(), "the same update after restore");
    }
}
