package dev.nos.rule;

import dev.nos.rule.equiv.CanonicalKey;
import dev.nos.rule.equiv.Fingerprint;
import dev.nos.rule.space.SearchSpace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Random rules of the paper's space survive the token and infix round trips and keep their canonical key. */
class RoundTripTest {
    private static final int RULES = 2000;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void randomRulesRoundTrip(int groups) {
        SearchSpace space = SearchSpace.paper(groups);
        Random rnd = new Random(1000 + groups);
        for (int i = 0; i < RULES; i++) {
            Rule r = space.sample(rnd);
            String tokens = r.tokens();
            assertEquals(r, Rule.parseTokens(tokens), tokens);
            assertEquals(r, Rule.parse(tokens), tokens);

            String infix = r.infix();
            Rule back = Rule.parseInfix(infix);
            assertEquals(infix, back.infix(), () -> "infix of " + tokens + " is " + infix + ", re-parsed as " + back.tokens());
            assertEquals(CanonicalKey.of(r), CanonicalKey.of(back), () -> tokens + " / " + infix);
            assertEquals(Fingerprint.of(r), Fingerprint.of(back), () -> tokens + " / " + infix);
            if (!TokenForm.looksLikeTokens(infix)) {
                assertEquals(infix, Rule.parse(infix).infix());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void randomRulesWithoutConstraintsRoundTrip(int groups) {
        SearchSpace space = new SearchSpace("free", SearchSpace.PAPER_OPERANDS, SearchSpace.ALL_UNARIES,
                SearchSpace.ALL_BINARIES, groups, SearchSpace.Constraints.NONE);
        Random rnd = new Random(2000 + groups);
        for (int i = 0; i < RULES; i++) {
            Rule r = space.sample(rnd);
            String infix = r.infix();
            Rule back = Rule.parseInfix(infix);
            assertEquals(infix, back.infix(), () -> r.tokens() + " -> " + infix);
            assertEquals(CanonicalKey.of(r), CanonicalKey.of(back), r::tokens);
        }
    }
}
