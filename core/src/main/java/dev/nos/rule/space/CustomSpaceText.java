package dev.nos.rule.space;

import dev.nos.rule.BinaryFunction;
import dev.nos.rule.Operand;
import dev.nos.rule.Rule;
import dev.nos.rule.RuleSyntaxException;
import dev.nos.rule.TokenForm;
import dev.nos.rule.UnaryFunction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A search space of the user's own, written as text: whitespace-separated {@code key=value} settings, lists
 * comma-separated, tokens as in the token form ({@link TokenForm}):
 * <pre>operands=g,m,sign(g),sign(m),adam,ld unary=id,neg,exp,sign binary=add,sub,mul groups=2 constraints=all</pre>
 * Keys: {@code operands}, {@code unary}, {@code binary} (each defaults to the {@code small} space's list),
 * {@code groups} (1 to 4, default {@value SearchSpace#DEFAULT_GROUPS}), {@code constraints} ({@code all} (the
 * default: the paper's three), {@code none}, or a list of {@code distinct}, {@code last-not-add},
 * {@code earlier-result}). {@link #print} writes every key, so the printed text is the space's name and reads back to
 * the same space: a search's settings keep it as text, like {@code small:2}.
 */
public final class CustomSpaceText {
    private static final List<String> KEYS = List.of("operands", "unary", "binary", "groups", "constraints");

    private CustomSpaceText() {}

    /** True when {@code text} is written in this form rather than as a preset name. */
    public static boolean looksCustom(String text) {
        return text != null && text.contains("=");
    }

    /** Reads the text; a mistake is an {@link IllegalArgumentException} naming the key and the token. */
    public static SearchSpace parse(String text) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String pair : text.trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq).toLowerCase(Locale.ROOT);
            if (eq < 0 || !KEYS.contains(key)) {
                throw new IllegalArgumentException("custom search space: expected key=value with a key among " + KEYS
                        + ", found '" + pair + "'");
            }
            if (settings.put(key, pair.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("custom search space: '" + key + "' is given twice");
            }
        }
        List<Operand> operands = list(settings, "operands", SearchSpace.SMALL_OPERANDS,
                w -> TokenForm.operand(w, 0, w, Rule.MAX_GROUPS));
        for (Operand op : operands) {
            if (op.isResult()) {
                throw new IllegalArgumentException("custom search space: operands lists group results ('" + op.token()
                        + "'); every group after the first may use the earlier results anyway");
            }
        }
        List<UnaryFunction> unaries = list(settings, "unary", SearchSpace.SMALL_UNARIES,
                w -> TokenForm.unary(w, 0, w));
        List<BinaryFunction> binaries = list(settings, "binary", SearchSpace.ALL_BINARIES, w -> {
            BinaryFunction b = BinaryFunction.fromToken(w);
            if (b == null) {
                throw new IllegalArgumentException("expected a binary function (add sub mul div pow keep), found '" + w + "'");
            }
            return b;
        });
        int groups = groups(settings.getOrDefault("groups", Integer.toString(SearchSpace.DEFAULT_GROUPS)));
        SearchSpace.Constraints constraints = constraints(settings.getOrDefault("constraints", "all"));
        return new SearchSpace(text(operands, unaries, binaries, groups, constraints), operands, unaries, binaries,
                groups, constraints);
    }

    /** Every key of the space, in the order {@link #parse} documents. */
    public static String print(SearchSpace space) {
        return text(space.operands(), space.unaries(), space.binaries(), space.groups(), space.constraints());
    }

    private static String text(List<Operand> operands, List<UnaryFunction> unaries, List<BinaryFunction> binaries,
                               int groups, SearchSpace.Constraints c) {
        List<String> on = new ArrayList<>();
        if (c.distinctOperands()) {
            on.add("distinct");
        }
        if (c.lastNotAdd()) {
            on.add("last-not-add");
        }
        if (c.useEarlierResult()) {
            on.add("earlier-result");
        }
        String constraints = on.size() == 3 ? "all" : on.isEmpty() ? "none" : String.join(",", on);
        return "operands=" + operands.stream().map(Operand::token).collect(Collectors.joining(","))
                + " unary=" + unaries.stream().map(UnaryFunction::token).collect(Collectors.joining(","))
                + " binary=" + binaries.stream().map(BinaryFunction::token).collect(Collectors.joining(","))
                + " groups=" + groups + " constraints=" + constraints;
    }

    private static <T> List<T> list(Map<String, String> settings, String key, List<T> fallback, Function<String, T> read) {
        String value = settings.get(key);
        if (value == null) {
            return fallback;
        }
        List<T> items = new ArrayList<>();
        for (String word : value.split(",")) {
            if (word.isEmpty()) {
                throw new IllegalArgumentException("custom search space: " + key + " has an empty item in '" + value + "'");
            }
            try {
                items.add(read.apply(word));
            } catch (RuleSyntaxException e) {
                throw new IllegalArgumentException("custom search space: " + key + ": " + e.reason(), e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("custom search space: " + key + ": " + e.getMessage(), e);
            }
        }
        return items;
    }

    private static int groups(String value) {
        if (!value.matches("[1-4]")) {
            throw new IllegalArgumentException("custom search space: groups must be 1 to " + Rule.MAX_GROUPS
                    + ", found '" + value + "'");
        }
        return Integer.parseInt(value);
    }

    private static SearchSpace.Constraints constraints(String value) {
        switch (value) {
            case "all":
                return SearchSpace.Constraints.ALL;
            case "none":
                return SearchSpace.Constraints.NONE;
            default:
                break;
        }
        boolean distinct = false;
        boolean lastNotAdd = false;
        boolean earlier = false;
        for (String word : value.split(",")) {
            switch (word) {
                case "distinct" -> distinct = true;
                case "last-not-add" -> lastNotAdd = true;
                case "earlier-result" -> earlier = true;
                default -> throw new IllegalArgumentException("custom search space: constraints is all, none or a list"
                        + " of distinct, last-not-add, earlier-result; found '" + word + "'");
            }
        }
        return new SearchSpace.Constraints(distinct, lastNotAdd, earlier);
    }
}
