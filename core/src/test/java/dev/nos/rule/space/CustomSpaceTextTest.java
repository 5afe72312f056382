package dev.nos.rule.space;

import dev.nos.rule.BinaryFunction;
import dev.nos.rule.Group;
import dev.nos.rule.Operand;
import dev.nos.rule.Rule;
import dev.nos.rule.UnaryFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A space of the user's own, written as text: it reads, prints back as its name, and samples only its own tokens. */
class CustomSpaceTextTest {

    @Test
    void readsEveryKeyAndPrintsBackAsItsName() {
        SearchSpace s = SearchSpace.named("operands=g,sign(m),rd(20),1e-3*w unary=id,exp,clip(1e-4) binary=mul,sub"
                + " groups=3 constraints=distinct,earlier-result");
        assertEquals(List.of(Operand.G_, Operand.SIGN_M_, Operand.rd(20), Operand.weight(1e-3)), s.operands());
        assertEquals(List.of(UnaryFunction.ID_, UnaryFunction.EXP_, UnaryFunction.clip(1e-4)), s.unaries());
        assertEquals(List.of(BinaryFunction.MUL, BinaryFunction.SUB), s.binaries());
        assertEquals(3, s.groups());
        assertEquals(new SearchSpace.Constraints(true, false, true), s.constraints());
        assertEquals("operands=g,sign(m),rd(20),1e-3*w unary=id,exp,clip(1e-4) binary=mul,sub groups=3"
                + " constraints=distinct,earlier-result", s.name());
        assertEquals(s.name(), SearchSpace.named(s.name()).name(), "the name reads back to the same space");
    }

    @Test
    void whatIsLeftOutIsTheSmallSpacesWithTheConstraintsOn() {
        SearchSpace s = SearchSpace.named("groups=1");
        SearchSpace small = SearchSpace.small(1);
        assertEquals(small.operands(), s.operands());
        assertEquals(small.unaries(), s.unaries());
        assertEquals(small.binaries(), s.binaries());
        assertEquals(SearchSpace.Constraints.ALL, s.constraints());
        assertEquals(small.size(), s.size());
        assertEquals(SearchSpace.Constraints.NONE, SearchSpace.named("constraints=none").constraints());
        assertEquals(SearchSpace.DEFAULT_GROUPS, SearchSpace.named("constraints=all").groups());
    }

    @Test
    void samplesOnlyItsOwnTokens() {
        SearchSpace s = SearchSpace.named("operands=g,sign(g),ld unary=id,neg binary=mul,add groups=2");
        Set<Operand> allowed = Set.of(Operand.G_, Operand.SIGN_G_, Operand.LD_, Operand.result(0));
        Random rnd = new Random(3);
        for (int i = 0; i < 500; i++) {
            Rule r = s.sample(rnd);
            assertTrue(s.contains(r), r.tokens());
            for (Group g : r.groups()) {
                assertTrue(allowed.contains(g.left()) && allowed.contains(g.right()), r.tokens());
                assertTrue(Set.of(UnaryFunction.ID_, UnaryFunction.NEG_).contains(g.leftUnary()), r.tokens());
                assertTrue(Set.of(BinaryFunction.MUL, BinaryFunction.ADD).contains(g.binary()), r.tokens());
            }
            assertFalse(r.groups().get(1).binary() == BinaryFunction.ADD, "last-not-add holds: " + r.tokens());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "operands=g,momentum | operands: | 'momentum'",
            "unary=id,tanh | unary: | 'tanh'",
            "binary=mul,max | binary: | 'max'",
            "groups=5 | groups must be 1 to 4 | '5'",
            "constraints=unique | constraints is all, none or a list | 'unique'",
            "operands=g,,m | operands has an empty item | 'g,,m'",
            "operands=g,#0 | group results | '#0'",
            "operands=g,m operands=v | 'operands' is given twice | operands",
            "size=3 | key=value with a key among | 'size=3'",
            "operands=g,g | listed twice | [g, g]",
            "operands=g binary=add | distinct operands need at least 2 operands | [g]",
    })
    void aMistakeIsNamedWithItsKeyAndToken(String text, String says, String names) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearchSpace.named(text));
        assertTrue(e.getMessage().contains(says) && e.getMessage().contains(names), text + ": " + e.getMessage());
    }
}
