package dev.nos.rule;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An update rule: 1 to 4 groups; the last group's result U is the update, {@code w <- w - lr * U}.
 * A group may use the result of an earlier group as an operand ({@code #0}, {@code #1}, ...).
 *
 * <p>Two textual forms: {@link #tokens()} (five tokens a group, what the controller emits) and
 * {@link #infix()} (what people write). {@link #parse(String)} reads either.
 */
public record Rule(List<Group> groups) {
    public static final int MAX_GROUPS = 4;

    /** Per-parameter state a rule may need: moving averages of g, g^2 and g^3. */
    public enum Slot { M, V, GAMMA }

    public Rule {
        Objects.requireNonNull(groups, "groups");
        groups = List.copyOf(groups);
        if (groups.isEmpty() || groups.size() > MAX_GROUPS) {
            throw new IllegalArgumentException("a rule has 1 to " + MAX_GROUPS + " groups, got " + groups.size());
        }
        for (int k = 0; k < groups.size(); k++) {
            Group g = groups.get(k);
            for (Operand op : List.of(g.left(), g.right())) {
                if (op.isResult() && op.resultIndex() >= k) {
                    throw new IllegalArgumentException("group " + k + " uses " + op.token()
                            + ", which is not an earlier group's result");
                }
            }
        }
    }

    public static Rule of(Group... groups) {
        return new Rule(List.of(groups));
    }

    /** Parses the token form ({@code g m sign sign mul #0 g exp id mul}). */
    public static Rule parseTokens(String text) {
        return TokenForm.parse(text);
    }

    /** Parses the infix form ({@code exp(sign(g) * sign(m)) * g}) in the whole language. */
    public static Rule parseInfix(String text) {
        return InfixParser.parse(text);
    }

    /**
     * Parses either form: text whose first word is an operand token followed by four or more further
     * whitespace-separated words with no operator characters is read as tokens, anything else as infix.
     */
    public static Rule parse(String text) {
        return TokenForm.looksLikeTokens(text) ? parseTokens(text) : parseInfix(text);
    }

    /** The token form: five tokens a group, separated by single spaces. */
    public String tokens() {
        return TokenForm.print(this);
    }

    /** The infix form. */
    public String infix() {
        return InfixPrinter.print(expression());
    }

    /** The expression this rule computes, with earlier results substituted. */
    public Expr expression() {
        List<Expr> results = new ArrayList<>(groups.size());
        for (Group g : groups) {
            Expr left = Expr.apply(g.leftUnary(), operandExpr(g.left(), results));
            Expr right = Expr.apply(g.rightUnary(), operandExpr(g.right(), results));
            results.add(Expr.combine(g.binary(), left, right));
        }
        return results.get(results.size() - 1);
    }

    private static Expr operandExpr(Operand op, List<Expr> results) {
        return op.isResult() ? results.get(op.resultIndex()) : Expr.leaf(op);
    }

    /** The operands the update really depends on (after dead sides are dropped). */
    public Set<Operand> liveOperands() {
        Set<Operand> out = new java.util.LinkedHashSet<>();
        collect(expression(), out, new java.util.IdentityHashMap<>());
        return out;
    }

    private static void collect(Expr e, Set<Operand> out, java.util.IdentityHashMap<Expr, Boolean> seen) {
        if (seen.put(e, Boolean.TRUE) != null) {
            return;
        }
        if (e instanceof Expr.Leaf l) {
            out.add(l.operand());
        } else if (e instanceof Expr.Apply a) {
            collect(a.argument(), out, seen);
        } else if (e instanceof Expr.Combine c) {
            collect(c.left(), out, seen);
            collect(c.right(), out, seen);
        }
    }

    /** The moving averages this rule needs, so the state an updater keeps: one slot per parameter each. */
    public Set<Slot> stateSlots() {
        EnumSet<Slot> slots = EnumSet.noneOf(Slot.class);
        for (Operand op : liveOperands()) {
            switch (op.kind()) {
                case M, SIGN_M -> slots.add(Slot.M);
                case V, RMSPROP -> slots.add(Slot.V);
                case GAMMA -> slots.add(Slot.GAMMA);
                case ADAM -> {
                    slots.add(Slot.M);
                    slots.add(Slot.V);
                }
                default -> { }
            }
        }
        return slots;
    }

    /** True when the update draws random numbers ({@code eps}, {@code eps_t}, {@code drop}). */
    public boolean isRandom() {
        return isRandom(expression());
    }

    private static boolean isRandom(Expr e) {
        if (e instanceof Expr.Leaf l) {
            return l.operand().isRandom();
        }
        if (e instanceof Expr.Apply a) {
            return a.function().isRandom() || isRandom(a.argument());
        }
        Expr.Combine c = (Expr.Combine) e;
        return isRandom(c.left()) || isRandom(c.right());
    }

    /** True when the rule reads the weights ({@code 1e-4*w} ...). */
    public boolean usesWeights() {
        return liveOperands().stream().anyMatch(o -> o.kind() == Operand.Kind.WEIGHT);
    }

    /** True when the rule uses a decay of the step ({@code ld}, {@code cd}, {@code rd}) and so needs the total number of steps ({@code eps_t} needs only t). */
    public boolean usesDecay() {
        return liveOperands().stream().anyMatch(o -> switch (o.kind()) {
            case LD, CD, RD -> true;
            default -> false;
        });
    }

    @Override
    public String toString() {
        return tokens();
    }
}
