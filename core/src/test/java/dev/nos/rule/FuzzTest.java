package dev.nos.rule;

import dev.nos.rule.space.SearchSpace;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Random strings and mutations of valid rules: each parses or is a RuleSyntaxException with a sane position. */
class FuzzTest {
    private static final String[] PIECES = {"g", "m", "v", "gamma", "eps", "eps_t", "adam", "rmsprop", "ld", "cd", "rd",
            "w", "exp", "log", "sqrt", "abs", "clip", "drop", "sign", "(", ")", ",", "+", "-", "*", "/", "^", "1", "2", "3",
            "1e-4", "0.5", "#0", "#1", "id", "neg", "add", "mul", "keep", "pow", " ", "  ", "e", "1e", ".", "|", "\t",
            "g^2", "1e-3*w", "cd(2)", "rd(20)", "clip(1e-5)", "drop(0.3)", "sign(g)", "99999999999", "#99999999999"};
    private static final String CHARS = "gmvwdexplogsqrtabcin_1234567890.e^*/+-(),# |\t";

    private int parsed;
    private int rejected;

    private void check(String input) {
        try {
            Rule r = Rule.parse(input);
            parsed++;
            // whatever parses prints and re-parses
            Rule.parse(r.tokens());
            Rule.parseInfix(r.infix());
        } catch (RuleSyntaxException e) {
            rejected++;
            assertTrue(e.position() >= 0 && e.position() <= input.length(),
                    () -> "position " + e.position() + " outside 0.." + input.length() + " for '" + input + "'");
            assertTrue(e.reason() != null && !e.reason().isBlank(), () -> "empty reason for '" + input + "'");
        } catch (RuntimeException | StackOverflowError e) {
            fail("'" + input + "' threw " + e, e);
        }
    }

    @Test
    void randomStringsAndMutationsNeverEscapeAsOtherExceptions() {
        Random rnd = new Random(7);
        List<String> seeds = new ArrayList<>(List.of(
                "exp(sign(g) * sign(m)) * g", "(1 + ld * sign(g) * sign(m)) * g", "m / (sqrt(abs(v)))",
                "2 ^ (sign(g) * sign(m)) * g", "g", "adam", "clip(g, 1e-5) * drop(m, 0.3) - log(abs(gamma))",
                "g * 1e-4 * w", "exp(rd(20) * sign(g) * sign(m)) * g", "g m sign sign mul #0 g exp id mul"));
        for (int n = 1; n <= 4; n++) {
            Random r = new Random(n);
            for (int i = 0; i < 25; i++) {
                Rule rule = SearchSpace.paper(n).sample(r);
                seeds.add(rule.infix());
                seeds.add(rule.tokens());
            }
        }
        int total = 0;
        // random concatenations of pieces
        for (int i = 0; i < 6000; i++, total++) {
            StringBuilder sb = new StringBuilder();
            int len = 1 + rnd.nextInt(12);
            for (int j = 0; j < len; j++) {
                sb.append(PIECES[rnd.nextInt(PIECES.length)]);
                if (rnd.nextBoolean()) {
                    sb.append(' ');
                }
            }
            check(sb.toString());
        }
        // random characters
        for (int i = 0; i < 4000; i++, total++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(25);
            for (int j = 0; j < len; j++) {
                sb.append(rnd.nextInt(20) == 0 ? (char) rnd.nextInt(0x3000) : CHARS.charAt(rnd.nextInt(CHARS.length())));
            }
            check(sb.toString());
        }
        // character mutations of valid rules
        for (int i = 0; i < 6000; i++, total++) {
            check(mutateChars(seeds.get(rnd.nextInt(seeds.size())), rnd));
        }
        // token mutations of valid rules
        for (int i = 0; i < 4000; i++, total++) {
            check(mutateTokens(seeds.get(rnd.nextInt(seeds.size())), rnd));
        }
        assertTrue(total >= 20_000);
        assertTrue(parsed > 500, "only " + parsed + " inputs parsed: the fuzzer is not reaching valid rules");
        assertTrue(rejected > 5000, "only " + rejected + " inputs rejected");
    }

    private static String mutateChars(String s, Random rnd) {
        StringBuilder sb = new StringBuilder(s);
        int edits = 1 + rnd.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int op = rnd.nextInt(3);
            int at = sb.length() == 0 ? 0 : rnd.nextInt(sb.length());
            if (op == 0 || sb.length() == 0) {
                sb.insert(at, CHARS.charAt(rnd.nextInt(CHARS.length())));
            } else if (op == 1) {
                sb.deleteCharAt(at);
            } else {
                int other = rnd.nextInt(sb.length());
                char c = sb.charAt(at);
                sb.setCharAt(at, sb.charAt(other));
                sb.setCharAt(other, c);
            }
        }
        return sb.toString();
    }

    private static String mutateTokens(String s, Random rnd) {
        List<String> parts = new ArrayList<>(List.of(s.split("(?<=[ ()+*/^,-])|(?=[ ()+*/^,-])")));
        int edits = 1 + rnd.nextInt(2);
        for (int e = 0; e < edits; e++) {
            int op = rnd.nextInt(3);
            int at = parts.isEmpty() ? 0 : rnd.nextInt(parts.size());
            if (op == 0 || parts.isEmpty()) {
                parts.add(at, PIECES[rnd.nextInt(PIECES.length)]);
            } else if (op == 1) {
                parts.remove(at);
            } else {
                int other = rnd.nextInt(parts.size());
                String t = parts.get(at);
                parts.set(at, parts.get(other));
                parts.set(other, t);
            }
        }
        return String.join("", parts);
    }

    @Test
    void nullIsASyntaxError() {
        try {
            Rule.parse(null);
            fail("null parsed");
        } catch (RuleSyntaxException e) {
            assertTrue(e.position() == 0);
        }
    }
}
