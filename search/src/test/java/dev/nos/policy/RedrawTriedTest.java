package dev.nos.policy;

import dev.nos.rule.Rule;
import dev.nos.rule.space.SearchSpace;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ControllerSettings#redrawTried}: a rule the search proposed before is drawn again; off, nothing changes. */
class RedrawTriedTest {
    private static final SearchSpace SPACE = SearchSpace.small(2);
    private static final ControllerSettings EXPLORING = ControllerSettings.paper().withHidden(32).exploring(0.75);

    /** About a quarter of all rules, by the hash of how they are written. */
    private static final Predicate<Rule> A_QUARTER = r -> Math.floorMod(r.infix().hashCode(), 4) == 0;

    private static List<String> infixes(List<SampledRule> rules) {
        return rules.stream().map(s -> s.rule().infix()).toList();
    }

    @Test
    void offTheRulesProposedBeforeAreIgnored() {
        List<SampledRule> plain = new PolicySearcher(SPACE, EXPLORING, PolicyObjective.PPO, 7).sample(40);
        List<SampledRule> told = new PolicySearcher(SPACE, EXPLORING, PolicyObjective.PPO, 7).sample(40, A_QUARTER);
        assertEquals(infixes(plain), infixes(told));
        assertTrue(plain.stream().anyMatch(s -> A_QUARTER.test(s.rule())), "the predicate holds for some draws");
    }

    @Test
    void onARuleProposedBeforeIsDrawnAgain() {
        PolicySearcher searcher = new PolicySearcher(SPACE, EXPLORING.withRedrawTried(true), PolicyObjective.PPO, 7);
        List<SampledRule> rules = searcher.sample(40, A_QUARTER);
        assertEquals(40, rules.size());
        for (SampledRule s : rules) {
            assertFalse(A_QUARTER.test(s.rule()), s.rule().infix() + " was proposed before and kept");
        }
    }

    @Test
    void whenEveryRuleWasProposedBeforeTheDrawsAreKept() {
        PolicySearcher searcher = new PolicySearcher(SPACE, EXPLORING.withRedrawTried(true), PolicyObjective.PPO, 7);
        assertEquals(5, searcher.sample(5, r -> true).size());
    }

    @Test
    void theSameSeedAndTheSameEarlierProposalsGiveTheSameRules() {
        ControllerSettings s = EXPLORING.withRedrawTried(true);
        assertEquals(infixes(new PolicySearcher(SPACE, s, PolicyObjective.PPO, 3).sample(20, A_QUARTER)),
                infixes(new PolicySearcher(SPACE, s, PolicyObjective.PPO, 3).sample(20, A_QUARTER)));
    }
}
