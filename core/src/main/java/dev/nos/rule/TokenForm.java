package dev.nos.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The token form: five whitespace-separated tokens a group ({@code op1 op2 u1 u2 b}), an earlier group's
 * result written {@code #0}, {@code #1}, ... Operand tokens are the infix spellings ({@code g}, {@code g^2},
 * {@code sign(m)}, {@code 1e-3*w}, {@code cd}, {@code cd(2)}, {@code rd(20)}); unary tokens are
 * {@code id neg exp log sqrt sign clip(L) drop(P)}; binary tokens {@code add sub mul div pow keep}.
 */
public final class TokenForm {
    private TokenForm() {}

    private static final Pattern NUMBER = Pattern.compile("[0-9]+(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|\\.[0-9]+(?:[eE][-+]?[0-9]+)?");
    private static final Pattern WEIGHT = Pattern.compile("(" + NUMBER.pattern() + ")\\*w");
    private static final Pattern PARAM_CALL = Pattern.compile("([a-z]+)\\((" + NUMBER.pattern() + ")\\)");
    private static final Pattern RESULT = Pattern.compile("#([0-9]{1,9})");

    public static String print(Rule rule) {
        StringBuilder sb = new StringBuilder();
        for (Group g : rule.groups()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(g.tokens());
        }
        return sb.toString();
    }

    /** True when the text reads as the token form rather than infix. */
    public static boolean looksLikeTokens(String text) {
        if (text == null) {
            return false;
        }
        String[] words = text.trim().split("\\s+");
        if (words.length < 5 || words.length % 5 != 0) {
            return false;
        }
        return BinaryFunction.fromToken(words[4]) != null;
    }

    public static Rule parse(String text) {
        if (text == null) {
            throw new RuleSyntaxException("", 0, "no rule given");
        }
        List<int[]> spans = new ArrayList<>();
        Matcher m = Pattern.compile("\\S+").matcher(text);
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            throw new RuleSyntaxException(text, 0, "empty rule: expected 5, 10, 15 or 20 tokens");
        }
        if (spans.size() % 5 != 0 || spans.size() > 5 * Rule.MAX_GROUPS) {
            int at = spans.size() > 20 ? spans.get(20)[0] : text.length();
            throw new RuleSyntaxException(text, at, "a rule has 5, 10, 15 or 20 tokens (five a group), got " + spans.size());
        }
        List<Group> groups = new ArrayList<>();
        for (int k = 0; k < spans.size() / 5; k++) {
            Operand[] ops = new Operand[2];
            UnaryFunction[] us = new UnaryFunction[2];
            for (int j = 0; j < 2; j++) {
                int[] s = spans.get(5 * k + j);
                ops[j] = operand(text, s[0], text.substring(s[0], s[1]), k);
            }
            for (int j = 0; j < 2; j++) {
                int[] s = spans.get(5 * k + 2 + j);
                us[j] = unary(text, s[0], text.substring(s[0], s[1]));
            }
            int[] s = spans.get(5 * k + 4);
            String word = text.substring(s[0], s[1]);
            BinaryFunction b = BinaryFunction.fromToken(word);
            if (b == null) {
                throw new RuleSyntaxException(text, s[0], "expected a binary function (add sub mul div pow keep) as token "
                        + (5 * k + 5) + ", found '" + word + "'");
            }
            groups.add(new Group(ops[0], ops[1], us[0], us[1], b));
        }
        return new Rule(groups);
    }

    /** Parses one operand token, such as {@code g}, {@code 1e-4*w}, {@code cd(2)} or {@code #0} (in group {@code group}). */
    public static Operand operand(String text, int at, String word, int group) {
        for (Operand.Kind kind : Operand.Kind.values()) {
            if (kind != Operand.Kind.WEIGHT && kind != Operand.Kind.RESULT && kind != Operand.Kind.RD
                    && kind.token().equals(word)) {
                return kind == Operand.Kind.CD ? Operand.CD_ : Operand.of(kind);
            }
        }
        Matcher r = RESULT.matcher(word);
        if (r.matches()) {
            int index = Integer.parseInt(r.group(1));
            if (index >= group) {
                throw new RuleSyntaxException(text, at, "group " + group + " can only use earlier results (#0 to #"
                        + (group - 1) + "), found '" + word + "'" + (group == 0 ? ": the first group has none" : ""));
            }
            return Operand.result(index);
        }
        Matcher w = WEIGHT.matcher(word);
        if (w.matches()) {
            double scale = Double.parseDouble(w.group(1));
            return guard(text, at, () -> Operand.weight(scale));
        }
        Matcher p = PARAM_CALL.matcher(word);
        if (p.matches() && (p.group(1).equals("cd") || p.group(1).equals("rd"))) {
            double n = Double.parseDouble(p.group(2));
            return guard(text, at, () -> p.group(1).equals("cd") ? Operand.cd(n) : Operand.rd(n));
        }
        throw new RuleSyntaxException(text, at, "expected an operand (g g^2 g^3 m v gamma sign(g) sign(m) 1 2 eps "
                + "1e-4*w 1e-3*w 1e-2*w 1e-1*w adam rmsprop ld cd cd(N) rd(N) eps_t #K), found '" + word + "'");
    }

    /** Parses one unary token, such as {@code exp} or {@code clip(1e-5)}. */
    public static UnaryFunction unary(String text, int at, String word) {
        for (UnaryFunction.Kind kind : UnaryFunction.Kind.values()) {
            if (kind != UnaryFunction.Kind.CLIP && kind != UnaryFunction.Kind.DROP && kind.token().equals(word)) {
                return UnaryFunction.of(kind);
            }
        }
        Matcher p = PARAM_CALL.matcher(word);
        if (p.matches() && (p.group(1).equals("clip") || p.group(1).equals("drop"))) {
            double x = Double.parseDouble(p.group(2));
            return guard(text, at, () -> p.group(1).equals("clip") ? UnaryFunction.clip(x) : UnaryFunction.drop(x));
        }
        throw new RuleSyntaxException(text, at, "expected a unary function (id neg exp log sqrt sign clip(L) drop(P)), found '"
                + word + "'");
    }

    private static <T> T guard(String text, int at, java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new RuleSyntaxException(text, at, e.getMessage());
        }
    }
}
