package dev.nos.rule.space;

import dev.nos.rule.BinaryFunction;
import dev.nos.rule.Operand;
import dev.nos.rule.Rule;
import dev.nos.rule.RuleSyntaxException;
import dev.nos.rule.UnaryFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchSpaceTest {

    private static SearchSpace tiny(int groups, SearchSpace.Constraints c) {
        return new SearchSpace("tiny", List.of(Operand.G_, Operand.M_, Operand.ONE_),
                List.of(UnaryFunction.ID_, UnaryFunction.NEG_),
                List.of(BinaryFunction.ADD, BinaryFunction.MUL, BinaryFunction.KEEP), groups, c);
    }

    /**
     * For 3 groups a space with one unary function, so that its full product (27 * 48 * 75 = 97,200 sequences) can be
     * enumerated; else {@link #tiny}.
     */
    private static SearchSpace enumerable(int groups, SearchSpace.Constraints c) {
        if (groups < 3) {
            return tiny(groups, c);
        }
        return new SearchSpace("tiny3", List.of(Operand.G_, Operand.M_, Operand.ONE_), List.of(UnaryFunction.ID_),
                List.of(BinaryFunction.ADD, BinaryFunction.MUL, BinaryFunction.KEEP), groups, c);
    }

    /** Counts every sequence of indices in the full product whose rule satisfies the constraints (checked on the rule). */
    private static long bruteForce(SearchSpace s) {
        int[] choices = new int[s.positions()];
        long[] count = {0};
        enumerate(s, choices, 0, count);
        return count[0];
    }

    private static void enumerate(SearchSpace s, int[] choices, int p, long[] count) {
        if (p == choices.length) {
            Rule r = unmaskedDecode(s, choices);
            if (s.contains(r)) {
                count[0]++;
                assertEquals(r, s.decode(choices), "decode of an allowed sequence");
                assertArrayEquals(choices, s.encode(r));
            } else {
                assertThrows(IllegalArgumentException.class, () -> s.decode(choices.clone()));
            }
            return;
        }
        for (int i = 0; i < s.vocabularySize(p); i++) {
            choices[p] = i;
            enumerate(s, choices, p + 1, count);
        }
    }

    /** The rule of a choice sequence, ignoring the masks. */
    private static Rule unmaskedDecode(SearchSpace s, int[] c) {
        StringBuilder sb = new StringBuilder();
        for (int p = 0; p < c.length; p++) {
            sb.append(s.tokenAt(p, c[p])).append(' ');
        }
        return Rule.parseTokens(sb.toString().trim());
    }

    @ParameterizedTest
    @CsvSource({"1,true,true,true", "2,true,true,true", "2,false,false,false", "2,true,false,false", "2,false,true,false",
            "2,false,false,true", "3,true,true,true", "3,false,false,false", "3,true,false,true", "3,false,true,true"})
    void sizeEqualsBruteForce(int groups, boolean distinct, boolean lastNotAdd, boolean earlier) {
        SearchSpace s = enumerable(groups, new SearchSpace.Constraints(distinct, lastNotAdd, earlier));
        assertEquals(BigInteger.valueOf(bruteForce(s)), s.size());
    }

    @Test
    void sizeOfAThreeGroupSpaceByHand() {
        // group 0: 3 * 2 distinct operand pairs, 3 binaries; group 1: #0 with one of 3 operands, either side (3 + 3),
        // 3 binaries; group 2: a result and anything else (2 * 4 + 3 * 2), not add (2 binaries)
        assertEquals(BigInteger.valueOf(18L * 18 * 28), enumerable(3, SearchSpace.Constraints.ALL).size());
    }

    @Test
    void sizeOfUnconstrainedSpaceIsTheProduct() {
        SearchSpace s = tiny(3, SearchSpace.Constraints.NONE);
        // group k: (3 + k)^2 operand pairs, 2 * 2 unaries, 3 binaries
        long expected = (long) (9 * 4 * 3) * (16 * 4 * 3) * (25 * 4 * 3);
        assertEquals(BigInteger.valueOf(expected), s.size());
    }

    @Test
    void samplesHonourMasksAndSeeds() {
        for (int n = 1; n <= 4; n++) {
            SearchSpace s = SearchSpace.paper(n);
            Random a = new Random(5);
            Random b = new Random(5);
            for (int i = 0; i < 2000; i++) {
                int[] c = s.sampleChoices(a);
                for (int p = 0; p < c.length; p++) {
                    assertTrue(s.mask(p, c)[c[p]], "sampled a masked choice at " + p);
                }
                Rule r = s.decode(c);
                assertTrue(s.contains(r), r::tokens);
                assertEquals(r, s.sample(b));
                assertArrayEquals(c, s.encode(r));
            }
        }
    }

    @Test
    void samplingReachesEveryAllowedChoiceOfATinySpace() {
        SearchSpace s = tiny(1, SearchSpace.Constraints.ALL);
        Set<Rule> seen = new HashSet<>();
        Random rnd = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            seen.add(s.sample(rnd));
        }
        assertEquals(s.size().intValueExact(), seen.size());
    }

    @Test
    void masks() {
        SearchSpace s = SearchSpace.paper(2);
        int n = s.operands().size();
        assertEquals(n, s.vocabularySize(0));
        assertEquals(n + 1, s.vocabularySize(5));
        assertEquals("#0", s.tokenAt(5, n));
        int[] prev = new int[10];
        prev[0] = 3;
        boolean[] op2 = s.mask(1, prev);
        assertFalse(op2[3], "distinct operands");
        prev[5] = 0; // group 1 op1 = g, not a result: op2 must be #0
        boolean[] later = s.mask(6, prev);
        for (int i = 0; i < n; i++) {
            assertFalse(later[i]);
        }
        assertTrue(later[n]);
        prev[5] = n; // op1 = #0: op2 anything but #0
        later = s.mask(6, prev);
        assertFalse(later[n]);
        assertTrue(later[0]);
        boolean[] lastB = s.mask(9, prev);
        assertFalse(lastB[s.binaries().indexOf(BinaryFunction.ADD)]);
        assertTrue(s.mask(4, prev)[s.binaries().indexOf(BinaryFunction.ADD)], "add allowed before the last group");
        assertThrows(IllegalArgumentException.class, () -> s.mask(10, prev));
        assertThrows(IllegalArgumentException.class, () -> s.mask(3, new int[2]));
    }

    @Test
    void presetSizes() {
        for (int n = 1; n <= 4; n++) {
            System.out.println(SearchSpace.paper(n).describe());
            System.out.println(SearchSpace.small(n).describe());
        }
        assertEquals(22, SearchSpace.paper(1).operands().size());
        assertEquals(12, SearchSpace.paper(1).unaries().size());
        BigInteger small2 = SearchSpace.small(2).size();
        assertTrue(small2.compareTo(BigInteger.TEN.pow(6)) >= 0 && small2.compareTo(BigInteger.TEN.pow(11)) <= 0, small2.toString());
        // paper(2): group 0: 22*21 pairs * 144 unary pairs * 6; group 1: (22 + 22) pairs * 144 * 5
        assertEquals(BigInteger.valueOf(22L * 21 * 144 * 6).multiply(BigInteger.valueOf(44L * 144 * 5)), SearchSpace.paper(2).size());
    }

    @Test
    void named() {
        assertEquals("paper:2", SearchSpace.named("paper").name());
        assertEquals("small:3", SearchSpace.named("small:3").name());
        assertEquals(3, SearchSpace.named("SMALL:3").groups());
        assertThrows(IllegalArgumentException.class, () -> SearchSpace.named("big"));
        assertThrows(IllegalArgumentException.class, () -> SearchSpace.named("paper:5"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"exp(sign(g) * sign(m)) * g", "(1 + sign(g) * sign(m)) * g", "2 ^ (sign(g) * sign(m)) * g"})
    void paperRulesParseInBothPresets(String text) {
        for (SearchSpace s : List.of(SearchSpace.paper(3), SearchSpace.small(3), SearchSpace.paper(4), SearchSpace.small(4))) {
            Rule r = s.parse(text);
            assertTrue(s.contains(r));
            assertEquals(text, r.infix());
            assertEquals(s.groups(), r.groups().size());
        }
    }

    @Test
    void shortRulesArePaddedAndDeadSidesFitTheMasks() {
        SearchSpace s = SearchSpace.paper(2);
        Rule g = s.parse("g");
        assertEquals("g", g.infix());
        assertTrue(s.contains(g), g::tokens);
        Rule adam = s.parse("m / sqrt(abs(v))");
        assertEquals("m / sqrt(abs(v))", adam.infix());
        Rule tokens = s.parse("g g id id keep");
        assertTrue(s.contains(tokens), tokens::tokens);
        // the small space has sign(g) and sign(m) as operands and the unary sign: either encoding is accepted
        SearchSpace noSignUnary = new SearchSpace("s", SearchSpace.SMALL_OPERANDS,
                List.of(UnaryFunction.ID_, UnaryFunction.EXP_), SearchSpace.ALL_BINARIES, 2, SearchSpace.Constraints.ALL);
        Rule ps = noSignUnary.parse("exp(sign(g) * sign(m)) * g");
        assertEquals("sign(g) sign(m) id id mul #0 g exp id mul", ps.tokens());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "eps_t * g                        | operand eps_t",
            "log(abs(g)) * m                  | unary function log",
            "exp(g * m) * exp(m * v) * g      | needs 4 groups",
            "exp(g * m) * (v * g)             | needs 3 groups",
            "exp(g * m) + g                   | last binary not add",
            "g m id id mul g m id id mul      | no earlier group's result",
            "g g id id mul                    | both operands",
    })
    void rejectsRulesOutsideTheSpaceWithAReason(String text, String reasonPart) {
        SearchSpace s = SearchSpace.small(2);
        RuleSyntaxException e = assertThrows(RuleSyntaxException.class, () -> s.parse(text));
        assertTrue(e.reason().contains(reasonPart), e.reason());
        assertTrue(e.position() >= 0 && e.position() <= text.length());
    }

    @Test
    void encodeRejectsRulesOutsideTheSpace() {
        SearchSpace s = SearchSpace.small(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.encode(Rule.parseTokens("g m id id add")));
        assertTrue(e.getMessage().contains("1 group"), e.getMessage());
        assertTrue(s.violation(Rule.parseTokens("g m id id mul #0 g exp id mul")).isEmpty());
    }

    @Test
    void invalidSpacesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SearchSpace("x", List.of(Operand.G_), List.of(UnaryFunction.ID_),
                List.of(BinaryFunction.MUL), 1, SearchSpace.Constraints.ALL));
        assertThrows(IllegalArgumentException.class, () -> new SearchSpace("x", List.of(Operand.G_, Operand.M_),
                List.of(UnaryFunction.ID_), List.of(BinaryFunction.ADD), 1, SearchSpace.Constraints.ALL));
        assertThrows(IllegalArgumentException.class, () -> new SearchSpace("x", List.of(Operand.G_, Operand.result(0)),
                List.of(UnaryFunction.ID_), List.of(BinaryFunction.MUL), 1, SearchSpace.Constraints.NONE));
        assertThrows(IllegalArgumentException.class, () -> tiny(5, SearchSpace.Constraints.NONE));
        assertThrows(IllegalArgumentException.class, () -> tiny(0, SearchSpace.Constraints.NONE));
        assertThrows(IllegalArgumentException.class, () -> new SearchSpace("x", List.of(Operand.G_, Operand.M_, Operand.G_),
                List.of(UnaryFunction.ID_), List.of(BinaryFunction.MUL), 1, SearchSpace.Constraints.NONE));
        assertThrows(IllegalArgumentException.class, () -> new SearchSpace("x", List.of(Operand.G_), List.of(),
                List.of(BinaryFunction.MUL), 1, SearchSpace.Constraints.NONE));
    }
}
