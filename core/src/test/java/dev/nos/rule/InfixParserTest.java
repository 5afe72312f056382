package dev.nos.rule;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfixParserTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "exp(sign(g) * sign(m)) * g",
            "(1 + ld * sign(g) * sign(m)) * g",
            "2 ^ (sign(g) * sign(m)) * g",
            "g", "adam", "rmsprop",
            "(1 + cd * sign(g) * sign(m)) * g",
            "exp(rd(20) * sign(g) * sign(m)) * g",
            "m / sqrt(abs(v))",
            "g / sqrt(abs(v))",
            "clip(g, 1e-5) * drop(m, 0.3) - log(abs(gamma))",
            "(ld + eps_t) * cd + 1",
            "g * 1e-4*w",
            "g / 1e-4*w",
            "-g^2",
            "-(-g)",
            "g - (-m)",
            "(g^2) ^ m",
            "2 ^ (1e-3*w)",
            "g ^ 2 ^ m",
            "(g ^ m) ^ v",
            "(-g) ^ m",
            "g - (m - v)",
            "g / (m * v)",
            "g * (m / v)",
            "cd(2) * rd(0.5) + 2",
    })
    void printsBackExactly(String text) {
        assertEquals(text, Rule.parseInfix(text).infix());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "m / (sqrt(abs(v)))                  | m / sqrt(abs(v))",
            "g/(sqrt(abs(v)))                    | g / sqrt(abs(v))",
            "((g))                               | g",
            "g ^ 2                               | g^2",
            "(g) ^ 3 * m                         | g^3 * m",
            "x1 * 0 + g * 1e-4 * w               | ",
            "g * 1e-4 * w                        | g * 1e-4*w",
            "g*1e-4*w*m                          | g * 1e-4*w * m",
            "- - g                               | -(-g)",
            "g - -m                              | g - (-m)",
            "-g * m                              | -g * m",
            "-(g * m)                            | -(g * m)",
            "2 * -g                              | 2 * (-g)",
            "g ^ -m                              | g ^ (-m)",
            "sign(g)*sign(m)*g                   | sign(g) * sign(m) * g",
            "g + (m + v)                         | g + (m + v)",
            "(g + m) + v                         | g + m + v",
            "1.0 * 2.0e0 * 0.001 * w             | 1 * 2 * 1e-3*w",
            "cd(0.5)                             | cd",
    })
    void normalisesSpellings(String text, String expected) {
        if (expected == null) {
            assertThrows(RuleSyntaxException.class, () -> Rule.parseInfix(text));
        } else {
            assertEquals(expected, Rule.parseInfix(text).infix());
        }
    }

    @Test
    void precedenceAndAssociativity() {
        // unary minus binds looser than ^: -g ^ m is -(g ^ m)
        Expr e = Rule.parseInfix("-g ^ m").expression();
        assertTrue(e instanceof Expr.Apply a && a.function().kind() == UnaryFunction.Kind.NEG
                && a.argument() instanceof Expr.Combine c && c.function() == BinaryFunction.POW);
        // ^ is right-associative
        Expr p = Rule.parseInfix("g ^ m ^ v").expression();
        assertTrue(p instanceof Expr.Combine c && c.left() instanceof Expr.Leaf && c.right() instanceof Expr.Combine);
        // - and / are left-associative
        Expr s = Rule.parseInfix("g - m - v").expression();
        assertTrue(s instanceof Expr.Combine c && c.left() instanceof Expr.Combine && c.right() instanceof Expr.Leaf);
        // unary minus binds tighter than *
        Expr n = Rule.parseInfix("-g * m").expression();
        assertTrue(n instanceof Expr.Combine c && c.function() == BinaryFunction.MUL && c.left() instanceof Expr.Apply);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "exp(sign(g) * sign(m)) * g          | g m sign sign mul #0 g exp id mul",
            "g                                   | g m id id keep",
            "adam                                | adam g id id keep",
            "m / sqrt(abs(v))                    | m v id sqrt div",
            "2 ^ (sign(g) * sign(m)) * g         | g m sign sign mul 2 #0 id id pow #1 g id id mul",
            "sign(g)                             | g m sign id keep",
            "exp(sign(g))                        | sign(g) g exp id keep",
            "exp(exp(g))                         | g m exp id keep #0 g exp id keep",
            "exp(g * m) * m + exp(g * m)         | g m id id mul #0 m exp id mul #1 #0 id exp add",
            "g * 1e-4 * w                        | g 1e-4*w id id mul",
            "g^2 * g^3                           | g^2 g^3 id id mul",
    })
    void compilesToGroups(String infix, String tokens) {
        assertEquals(tokens, Rule.parseInfix(infix).tokens());
    }

    @Test
    void keepLeftFillerIsAnEarlierResultAfterTheFirstGroup() {
        Rule r = Rule.parseInfix("exp(exp(g))");
        Group second = r.groups().get(1);
        assertEquals(BinaryFunction.KEEP, second.binary());
        assertTrue(second.left().isResult());
        assertTrue(!second.right().equals(second.left()));
        Rule s = Rule.parseInfix("exp(g * m) * -(-v)");
        // -(-v): inner -v is a keep group with a leaf on the left, so its filler is an earlier result
        Group keep = s.groups().get(1);
        assertEquals(BinaryFunction.KEEP, keep.binary());
        assertEquals(Operand.result(0), keep.right());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "3 * g              | 0  | 3 is not an operand",
            "g * 0.5            | 4  | 0.5 is not an operand",
            "w * g              | 0  | w alone",
            "log(g)             | 4  | log(abs(x))",
            "sqrt(v)            | 5  | sqrt(abs(x))",
            "abs(g)             | 0  | abs(x) alone",
            "foo + g            | 0  | unknown name 'foo'",
            "g +                | 3  | ends too early",
            "(g + m             | 6  | expected ')'",
            "g + m)             | 5  | no matching '('",
            "g m                | 2  | after a complete expression",
            "                   | 0  | empty rule",
            "#0 * g             | 0  | token form",
            "rd * g             | 3  | rd needs its number of periods",
            "clip(g, 0) * m     | 8  | positive bound",
            "drop(g, 1.5)       | 8  | probability",
            "g(m)               | 1  | not a function",
            "0 * w + g          | 0  | positive",
            "g $ m              | 2  | unexpected character '$'",
            "cd(x)              | 3  | number of periods",
    })
    void rejectsWithPositionAndReason(String text, int position, String reasonPart) {
        String input = text == null ? "" : text;
        RuleSyntaxException e = assertThrows(RuleSyntaxException.class, () -> Rule.parseInfix(input));
        assertEquals(position, e.position(), e.getMessage());
        assertTrue(e.reason().contains(reasonPart), e.reason());
    }

    @Test
    void tooManyGroupsNamesTheCount() {
        String five = "exp(g * m) + exp(m * v) + exp(v * g)";
        RuleSyntaxException e = assertThrows(RuleSyntaxException.class, () -> Rule.parseInfix(five));
        assertTrue(e.reason().contains("needs 5 groups"), e.reason());
        assertTrue(e.position() >= 0 && e.position() <= five.length());
        // the same expression tree without a limit still parses as an expression
        assertEquals(five, InfixPrinter.print(InfixParser.parseExpression(five)));
    }

    @Test
    void commonSubexpressionsShareAGroup() {
        Rule r = Rule.parseInfix("(g * m) * (g * m) + g * m");
        assertEquals(3, r.groups().size(), r.tokens());
    }

    @Test
    void deepNestingIsASyntaxErrorNotAStackOverflow() {
        String deep = "(".repeat(10_000) + "g" + ")".repeat(10_000);
        RuleSyntaxException e = assertThrows(RuleSyntaxException.class, () -> Rule.parseInfix(deep));
        assertTrue(e.reason().contains("nests deeper"));
        String minus = "-".repeat(10_000) + "g";
        assertThrows(RuleSyntaxException.class, () -> Rule.parseInfix(minus));
    }

    @Test
    void signPoliciesChangeOnlyTheEncoding() {
        String text = "exp(sign(g) * sign(m)) * g";
        Rule always = InfixParser.parse(text, RuleCompiler.SignOperands.ALWAYS);
        assertEquals("sign(g) sign(m) id id mul #0 g exp id mul", always.tokens());
        assertEquals(text, always.infix());
        Rule never = InfixParser.parse("exp(sign(g))", RuleCompiler.SignOperands.NEVER);
        assertEquals(2, never.groups().size());
        assertEquals("exp(sign(g))", never.infix());
    }
}
