package dev.nos.rule.space;

import dev.nos.rule.BinaryFunction;
import dev.nos.rule.Group;
import dev.nos.rule.InfixParser;
import dev.nos.rule.Operand;
import dev.nos.rule.Rule;
import dev.nos.rule.RuleCompiler;
import dev.nos.rule.RuleSyntaxException;
import dev.nos.rule.TokenForm;
import dev.nos.rule.UnaryFunction;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * A search space of update rules: the operands, unary and binary functions a controller may choose, the number of
 * groups n (every rule of the space has exactly n groups) and the sampling constraints of the paper.
 *
 * <p>A rule is a sequence of 5n choices. Position p belongs to group {@code k = p / 5}, slot {@code p % 5}
 * (0 op1, 1 op2, 2 u1, 3 u2, 4 b). At the operand positions of group k the vocabulary is the space's operands
 * followed by the results {@code #0 .. #(k-1)}, so it grows by one a group. A choice is an index into the
 * vocabulary of its position. The constraints are masks: which indices are allowed at a position given the
 * choices before it; they only ever depend on earlier choices of the same group.
 */
public final class SearchSpace {

    /**
     * The paper's sampling constraints, each a mask: {@code distinctOperands} (a group's two operands differ),
     * {@code lastNotAdd} (the last group's binary function is not +), {@code useEarlierResult} (each group after
     * the first has an earlier group's result as at least one operand).
     */
    public record Constraints(boolean distinctOperands, boolean lastNotAdd, boolean useEarlierResult) {
        public static final Constraints ALL = new Constraints(true, true, true);
        public static final Constraints NONE = new Constraints(false, false, false);

        @Override
        public String toString() {
            List<String> on = new ArrayList<>();
            if (distinctOperands) {
                on.add("distinct operands");
            }
            if (lastNotAdd) {
                on.add("last binary not add");
            }
            if (useEarlierResult) {
                on.add("use an earlier result");
            }
            return on.isEmpty() ? "none" : String.join(", ", on);
        }
    }

    /** Slot names, for messages. */
    private static final String[] SLOTS = {"op1", "op2", "u1", "u2", "b"};

    /** Default number of groups of {@link #named(String)} when the name has no {@code :n}. */
    public static final int DEFAULT_GROUPS = 2;

    private final String name;
    private final List<Operand> operands;
    private final List<UnaryFunction> unaries;
    private final List<BinaryFunction> binaries;
    private final int groups;
    private final Constraints constraints;

    public SearchSpace(String name, List<Operand> operands, List<UnaryFunction> unaries, List<BinaryFunction> binaries,
                       int groups, Constraints constraints) {
        this.name = Objects.requireNonNull(name, "name");
        this.operands = List.copyOf(operands);
        this.unaries = List.copyOf(unaries);
        this.binaries = List.copyOf(binaries);
        this.constraints = Objects.requireNonNull(constraints, "constraints");
        this.groups = groups;
        if (groups < 1 || groups > Rule.MAX_GROUPS) {
            throw new IllegalArgumentException("a search space has 1 to " + Rule.MAX_GROUPS + " groups, got " + groups);
        }
        requireDistinctNonEmpty(this.operands, "operands");
        requireDistinctNonEmpty(this.unaries, "unary functions");
        requireDistinctNonEmpty(this.binaries, "binary functions");
        for (Operand op : this.operands) {
            if (op.isResult()) {
                throw new IllegalArgumentException("a search space lists no group results among its operands, got " + op);
            }
        }
        if (constraints.distinctOperands() && this.operands.size() < 2) {
            throw new IllegalArgumentException("distinct operands need at least 2 operands, got " + this.operands);
        }
        if (constraints.lastNotAdd() && this.binaries.stream().allMatch(b -> b == BinaryFunction.ADD)) {
            throw new IllegalArgumentException("last-not-add needs a binary function other than add");
        }
    }

    private static void requireDistinctNonEmpty(List<?> items, String what) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("a search space needs at least one of its " + what);
        }
        if (new HashSet<>(items).size() != items.size()) {
            throw new IllegalArgumentException("the " + what + " of a search space are listed twice: " + items);
        }
    }

    // ---------------------------------------------------------------- presets

    /** The unary functions of the paper (docs/rule-language.md, "Unary functions"), all 12. */
    public static final List<UnaryFunction> ALL_UNARIES = List.of(
            UnaryFunction.ID_, UnaryFunction.NEG_, UnaryFunction.EXP_, UnaryFunction.LOG_, UnaryFunction.SQRT_,
            UnaryFunction.clip(1e-5), UnaryFunction.clip(1e-4), UnaryFunction.clip(1e-3),
            UnaryFunction.drop(0.1), UnaryFunction.drop(0.3), UnaryFunction.drop(0.5), UnaryFunction.SIGN_);

    /** The binary functions of the paper (docs/rule-language.md, "Binary functions"), all 6. */
    public static final List<BinaryFunction> ALL_BINARIES = List.of(BinaryFunction.values());

    /**
     * The operands of the paper (docs/rule-language.md, "Operands"): g g^2 g^3 m v gamma sign(g) sign(m) 1 2 eps
     * 1e-4*w 1e-3*w 1e-2*w 1e-1*w adam rmsprop, and of the decays (whose periods n the paper leaves open) {@code ld},
     * {@code cd} (= cd_0.5, the plain cosine decay), {@code rd(10)}, {@code rd(20)} (the restart decays of the
     * paper's AddSign-rd rules) and {@code eps_t}: 22 operands.
     */
    public static final List<Operand> PAPER_OPERANDS = List.of(
            Operand.G_, Operand.G2_, Operand.G3_, Operand.M_, Operand.V_, Operand.GAMMA_, Operand.SIGN_G_,
            Operand.SIGN_M_, Operand.ONE_, Operand.TWO_, Operand.EPS_, Operand.weight(1e-4), Operand.weight(1e-3),
            Operand.weight(1e-2), Operand.weight(1e-1), Operand.ADAM_, Operand.RMSPROP_, Operand.LD_, Operand.CD_,
            Operand.rd(10), Operand.rd(20), Operand.EPS_T_);

    /** The operands of {@link #small}: g g^2 m v sign(g) sign(m) 1 2 adam rmsprop ld cd. */
    public static final List<Operand> SMALL_OPERANDS = List.of(
            Operand.G_, Operand.G2_, Operand.M_, Operand.V_, Operand.SIGN_G_, Operand.SIGN_M_, Operand.ONE_,
            Operand.TWO_, Operand.ADAM_, Operand.RMSPROP_, Operand.LD_, Operand.CD_);

    /** The unary functions of {@link #small}: id neg exp sqrt sign. */
    public static final List<UnaryFunction> SMALL_UNARIES = List.of(
            UnaryFunction.ID_, UnaryFunction.NEG_, UnaryFunction.EXP_, UnaryFunction.SQRT_, UnaryFunction.SIGN_);

    /** Every operand and function of the paper ({@link #PAPER_OPERANDS}), all three constraints on. */
    public static SearchSpace paper(int groups) {
        return new SearchSpace("paper:" + groups, PAPER_OPERANDS, ALL_UNARIES, ALL_BINARIES, groups, Constraints.ALL);
    }

    /**
     * A subset in the spirit of the paper ({@link #SMALL_OPERANDS}, {@link #SMALL_UNARIES}, all six binary
     * functions, all three constraints): 5.9e7 rules with 2 groups.
     */
    public static SearchSpace small(int groups) {
        return new SearchSpace("small:" + groups, SMALL_OPERANDS, SMALL_UNARIES, ALL_BINARIES, groups, Constraints.ALL);
    }

    /**
     * A preset by name: {@code paper} or {@code small}, optionally followed by {@code :n} for n groups
     * ({@code small:3}); without it {@value #DEFAULT_GROUPS} groups. Text with {@code key=value} settings is a space
     * of the user's own ({@link CustomSpaceText}), named by its printed form.
     */
    public static SearchSpace named(String spec) {
        if (spec == null) {
            throw new IllegalArgumentException("no search space named: expected paper, small, paper:N or small:N");
        }
        if (CustomSpaceText.looksCustom(spec)) {
            return CustomSpaceText.parse(spec);
        }
        String s = spec.trim().toLowerCase(Locale.ROOT);
        int groups = DEFAULT_GROUPS;
        int colon = s.indexOf(':');
        String base = colon < 0 ? s : s.substring(0, colon);
        if (colon >= 0) {
            String n = s.substring(colon + 1);
            if (!n.matches("[1-4]")) {
                throw new IllegalArgumentException("search space '" + spec + "': the number of groups after ':' must be 1 to "
                        + Rule.MAX_GROUPS + ", got '" + n + "'");
            }
            groups = Integer.parseInt(n);
        }
        return switch (base) {
            case "paper" -> paper(groups);
            case "small" -> small(groups);
            default -> throw new IllegalArgumentException("unknown search space '" + spec
                    + "': expected paper, small, paper:N or small:N (N = 1 to " + Rule.MAX_GROUPS + " groups), or a space of"
                    + " your own as 'operands=g,m,adam unary=id,exp,sign binary=add,mul groups=2'");
        };
    }

    // ---------------------------------------------------------------- accessors

    public String name() {
        return name;
    }

    public List<Operand> operands() {
        return operands;
    }

    public List<UnaryFunction> unaries() {
        return unaries;
    }

    public List<BinaryFunction> binaries() {
        return binaries;
    }

    /** The number of groups n of every rule of the space. */
    public int groups() {
        return groups;
    }

    public Constraints constraints() {
        return constraints;
    }

    /** 5n. */
    public int positions() {
        return 5 * groups;
    }

    // ---------------------------------------------------------------- choices

    private void checkPosition(int position) {
        if (position < 0 || position >= positions()) {
            throw new IllegalArgumentException("position " + position + " is outside 0.." + (positions() - 1)
                    + " of search space " + name);
        }
    }

    /** How many choices position {@code position} has (before masking). */
    public int vocabularySize(int position) {
        checkPosition(position);
        int k = position / 5;
        return switch (position % 5) {
            case 0, 1 -> operands.size() + k;
            case 2, 3 -> unaries.size();
            default -> binaries.size();
        };
    }

    /** The text of choice {@code index} at {@code position}: an operand token, {@code #k}, a unary or binary token. */
    public String tokenAt(int position, int index) {
        checkIndex(position, index);
        return switch (position % 5) {
            case 0, 1 -> operandAt(index).token();
            case 2, 3 -> unaries.get(index).token();
            default -> binaries.get(index).token();
        };
    }

    private void checkIndex(int position, int index) {
        int size = vocabularySize(position);
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("choice " + index + " at position " + position + " (" + describePosition(position)
                    + ") is outside 0.." + (size - 1));
        }
    }

    private static String describePosition(int position) {
        return "group " + position / 5 + ", " + SLOTS[position % 5];
    }

    private Operand operandAt(int index) {
        return index < operands.size() ? operands.get(index) : Operand.result(index - operands.size());
    }

    private int operandIndex(Operand op) {
        return op.isResult() ? operands.size() + op.resultIndex() : operands.indexOf(op);
    }

    /**
     * Which choices are allowed at {@code position}, given the indices chosen at positions {@code 0 .. position-1}
     * ({@code previousChoices} may be longer; only those are read).
     */
    public boolean[] mask(int position, int[] previousChoices) {
        checkPosition(position);
        Objects.requireNonNull(previousChoices, "previousChoices");
        if (previousChoices.length < position) {
            throw new IllegalArgumentException("the mask at position " + position + " needs the " + position
                    + " choices before it, got " + previousChoices.length);
        }
        int k = position / 5;
        boolean[] allowed = new boolean[vocabularySize(position)];
        java.util.Arrays.fill(allowed, true);
        switch (position % 5) {
            case 1 -> {
                int op1 = previousChoices[position - 1];
                checkIndex(position - 1, op1);
                boolean leftIsResult = op1 >= operands.size();
                for (int i = 0; i < allowed.length; i++) {
                    if (constraints.distinctOperands() && i == op1) {
                        allowed[i] = false;
                    }
                    if (constraints.useEarlierResult() && k > 0 && !leftIsResult && i < operands.size()) {
                        allowed[i] = false;
                    }
                }
            }
            case 4 -> {
                if (constraints.lastNotAdd() && k == groups - 1) {
                    for (int i = 0; i < allowed.length; i++) {
                        if (binaries.get(i) == BinaryFunction.ADD) {
                            allowed[i] = false;
                        }
                    }
                }
            }
            default -> { }
        }
        return allowed;
    }

    /** The rule of a full sequence of 5n choices; every choice must be allowed by its mask. */
    public Rule decode(int[] choices) {
        Objects.requireNonNull(choices, "choices");
        if (choices.length != positions()) {
            throw new IllegalArgumentException("search space " + name + " needs " + positions() + " choices, got " + choices.length);
        }
        for (int p = 0; p < choices.length; p++) {
            checkIndex(p, choices[p]);
            if (!mask(p, choices)[choices[p]]) {
                throw new IllegalArgumentException("choice " + choices[p] + " (" + tokenAt(p, choices[p]) + ") at position " + p
                        + " (" + describePosition(p) + ") is masked by the constraints (" + constraints + ")");
            }
        }
        List<Group> gs = new ArrayList<>(groups);
        for (int k = 0; k < groups; k++) {
            int p = 5 * k;
            gs.add(new Group(operandAt(choices[p]), operandAt(choices[p + 1]), unaries.get(choices[p + 2]),
                    unaries.get(choices[p + 3]), binaries.get(choices[p + 4])));
        }
        return new Rule(gs);
    }

    /** The choices of a rule of this space. @throws IllegalArgumentException (with the reason) when it is not in the space */
    public int[] encode(Rule rule) {
        Optional<String> why = violation(rule);
        if (why.isPresent()) {
            throw new IllegalArgumentException("rule " + rule.tokens() + " is not in search space " + name + ": " + why.get());
        }
        int[] out = new int[positions()];
        for (int k = 0; k < groups; k++) {
            Group g = rule.groups().get(k);
            int p = 5 * k;
            out[p] = operandIndex(g.left());
            out[p + 1] = operandIndex(g.right());
            out[p + 2] = unaries.indexOf(g.leftUnary());
            out[p + 3] = unaries.indexOf(g.rightUnary());
            out[p + 4] = binaries.indexOf(g.binary());
        }
        return out;
    }

    /** True when the rule is one of the space's choice sequences (exactly n groups, all choices allowed). */
    public boolean contains(Rule rule) {
        return violation(rule).isEmpty();
    }

    /** Why the rule is not in the space (empty when it is). Checks the constraints on the rule itself, not via masks. */
    public Optional<String> violation(Rule rule) {
        Violation v = check(rule);
        return v == null ? Optional.empty() : Optional.of(v.reason());
    }

    /** A reason, and the text in the rule it is about (or null). */
    private record Violation(String reason, String culprit) {}

    private Violation check(Rule rule) {
        Objects.requireNonNull(rule, "rule");
        List<Group> gs = rule.groups();
        if (gs.size() != groups) {
            return new Violation("the rule has " + gs.size() + " group" + (gs.size() == 1 ? "" : "s") + ", the space " + groups, null);
        }
        for (int k = 0; k < groups; k++) {
            Group g = gs.get(k);
            for (Operand op : List.of(g.left(), g.right())) {
                if (!op.isResult() && !operands.contains(op)) {
                    return new Violation("operand " + op.token() + " (group " + k + ") is not one of the space's operands "
                            + tokens(operands), op.token());
                }
            }
            for (UnaryFunction u : List.of(g.leftUnary(), g.rightUnary())) {
                if (!unaries.contains(u)) {
                    return new Violation("unary function " + u.token() + " (group " + k + ") is not one of the space's "
                            + tokens(unaries), u.kind().token());
                }
            }
            if (!binaries.contains(g.binary())) {
                return new Violation("binary function " + g.binary().token() + " (group " + k + ") is not one of the space's "
                        + binaries.stream().map(BinaryFunction::token).collect(Collectors.joining(" ")), g.binary().symbol());
            }
            if (constraints.distinctOperands() && g.left().equals(g.right())) {
                return new Violation("group " + k + " has " + g.left().token() + " as both operands (distinct operands)", null);
            }
            if (constraints.useEarlierResult() && k > 0 && !g.left().isResult() && !g.right().isResult()) {
                return new Violation("group " + k + " uses no earlier group's result (use an earlier result)", null);
            }
            if (constraints.lastNotAdd() && k == groups - 1 && g.binary() == BinaryFunction.ADD) {
                return new Violation("the last group adds (last binary not add)", null);
            }
        }
        return null;
    }

    private static String tokens(List<?> items) {
        return items.stream().map(o -> o instanceof Operand op ? op.token() : ((UnaryFunction) o).token())
                .collect(Collectors.joining(" "));
    }

    // ---------------------------------------------------------------- sampling and counting

    /** Uniform choices at every position among those its mask allows. */
    public int[] sampleChoices(Random rnd) {
        int[] choices = new int[positions()];
        for (int p = 0; p < choices.length; p++) {
            boolean[] allowed = mask(p, choices);
            int count = 0;
            for (boolean a : allowed) {
                count += a ? 1 : 0;
            }
            int pick = rnd.nextInt(count);
            for (int i = 0; i < allowed.length; i++) {
                if (allowed[i] && pick-- == 0) {
                    choices[p] = i;
                    break;
                }
            }
        }
        return choices;
    }

    /** A rule drawn by {@link #sampleChoices}. */
    public Rule sample(Random rnd) {
        return decode(sampleChoices(rnd));
    }

    /** The exact number of choice sequences the masks allow. */
    public BigInteger size() {
        BigInteger total = BigInteger.ONE;
        int[] scratch = new int[positions()];
        for (int k = 0; k < groups; k++) {
            int p = 5 * k;
            long pairs = 0;
            for (int op1 = 0; op1 < vocabularySize(p); op1++) {
                scratch[p] = op1;
                pairs += count(mask(p + 1, scratch));
            }
            long perGroup = pairs * count(mask(p + 2, scratch)) * count(mask(p + 3, scratch)) * count(mask(p + 4, scratch));
            total = total.multiply(BigInteger.valueOf(perGroup));
        }
        return total;
    }

    private static int count(boolean[] allowed) {
        int n = 0;
        for (boolean a : allowed) {
            n += a ? 1 : 0;
        }
        return n;
    }

    // ---------------------------------------------------------------- parsing

    /**
     * Parses a rule (token or infix form) as a rule of this space. A rule with fewer than n groups is padded with
     * keep-left groups that pass the last result on ({@code #k-1 x id id keep}); the unused right side of a keep-left
     * group is chosen to satisfy the masks; an infix {@code sign(g)} / {@code sign(m)} may become the operand or the
     * unary sign, whichever the space has.
     *
     * @throws RuleSyntaxException when the text does not parse, or the rule uses an operand or function outside the
     *                             space, needs more groups, or breaks a constraint (the reason says which)
     */
    public Rule parse(String text) {
        List<Rule> candidates = new ArrayList<>();
        RuleSyntaxException firstError = null;
        if (TokenForm.looksLikeTokens(text)) {
            candidates.add(Rule.parseTokens(text));
        } else {
            for (RuleCompiler.SignOperands policy : RuleCompiler.SignOperands.values()) {
                try {
                    candidates.add(InfixParser.parse(text, policy));
                } catch (RuleSyntaxException e) {
                    if (firstError == null) {
                        firstError = e;
                    }
                }
            }
            if (candidates.isEmpty()) {
                throw firstError;
            }
        }
        Violation first = null;
        for (Rule candidate : candidates) {
            Rule fitted = fit(candidate);
            Violation v = check(fitted);
            if (v == null) {
                return fitted;
            }
            if (first == null) {
                first = candidate.groups().size() > groups
                        ? new Violation("the rule needs " + candidate.groups().size() + " groups, the space has " + groups, null)
                        : v;
            }
        }
        int at = first.culprit() == null ? 0 : Math.max(0, text.indexOf(first.culprit()));
        throw new RuleSyntaxException(text, at, "not in search space " + name + ": " + first.reason());
    }

    /** Pads to n groups and re-chooses the dead right side of keep-left groups to satisfy the masks. */
    private Rule fit(Rule rule) {
        List<Group> gs = new ArrayList<>(rule.groups());
        if (gs.size() > groups) {
            return rule;
        }
        boolean canKeep = unaries.contains(UnaryFunction.ID_) && binaries.contains(BinaryFunction.KEEP);
        while (gs.size() < groups && canKeep) {
            int k = gs.size();
            gs.add(new Group(Operand.result(k - 1), operands.get(0), UnaryFunction.ID_, UnaryFunction.ID_, BinaryFunction.KEEP));
        }
        if (gs.size() < groups) {
            return rule;
        }
        int[] scratch = new int[positions()];
        for (int k = 0; k < groups; k++) {
            Group g = gs.get(k);
            if (g.binary() != BinaryFunction.KEEP) {
                continue;
            }
            int p = 5 * k;
            int left = operandIndex(g.left());
            if (left < 0) {
                continue;
            }
            scratch[p] = left;
            boolean[] allowed = mask(p + 1, scratch);
            int right = operandIndex(g.right());
            if (right < 0 || !allowed[right]) {
                right = -1;
                for (int i = 0; i < allowed.length && right < 0; i++) {
                    if (allowed[i]) {
                        right = i;
                    }
                }
            }
            UnaryFunction ru = unaries.contains(g.rightUnary()) ? g.rightUnary()
                    : unaries.contains(UnaryFunction.ID_) ? UnaryFunction.ID_ : unaries.get(0);
            if (right >= 0) {
                gs.set(k, new Group(g.left(), operandAt(right), g.leftUnary(), ru, g.binary()));
            }
        }
        return new Rule(gs);
    }

    // ---------------------------------------------------------------- description

    /** A readable multi-line description: vocabularies, constraints and size. */
    public String describe() {
        BigInteger size = size();
        StringBuilder sb = new StringBuilder();
        sb.append("search space ").append(name).append(": ").append(groups).append(groups == 1 ? " group" : " groups")
                .append(", ").append(positions()).append(" choices a rule\n");
        sb.append("  operands (").append(operands.size()).append("): ").append(tokens(operands));
        if (groups > 1) {
            sb.append(", plus the results of earlier groups (").append(groups == 2 ? "#0" : "#0..#" + (groups - 2)).append(')');
        }
        sb.append('\n');
        sb.append("  unary functions (").append(unaries.size()).append("): ").append(tokens(unaries)).append('\n');
        sb.append("  binary functions (").append(binaries.size()).append("): ")
                .append(binaries.stream().map(BinaryFunction::token).collect(Collectors.joining(" "))).append('\n');
        sb.append("  constraints: ").append(constraints).append('\n');
        sb.append("  size: ").append(size).append(" rules (about ")
                .append(String.format(Locale.ROOT, "%.2e", size.doubleValue())).append(")");
        return sb.toString();
    }

    @Override
    public String toString() {
        return name;
    }
}
