package dev.nos.rule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles an expression tree into the groups of a {@link Rule}.
 *
 * <ul>
 *   <li>Each binary node is a group {@code b(u1(op1), u2(op2))}. A side that is a leaf is an operand, a unary of a
 *       leaf is that unary on the operand, a binary child is its group's result {@code #k}.</li>
 *   <li>Nested unaries {@code f(h(x))} need a keep-left group computing the inner {@code h(x)}; a top-level leaf or
 *       unary becomes a keep-left group. The unused right side of a keep-left group is the identity of an operand
 *       different from the left one: an earlier result when the group is not the first and its left side is not a
 *       result, otherwise {@code g} (or {@code m} when the left is {@code g}).</li>
 *   <li>Structurally equal subexpressions share one group (common subexpression elimination).</li>
 *   <li>Groups are numbered in post-order, left subtree first.</li>
 * </ul>
 * {@code sign(g)} and {@code sign(m)} are either the unary sign of g / m or the operands of that text; see
 * {@link SignOperands}. A rule needing more than {@value Rule#MAX_GROUPS} groups is a {@link RuleSyntaxException}.
 */
public final class RuleCompiler {
    private RuleCompiler() {}

    /** How {@code sign(g)} and {@code sign(m)} are compiled. */
    public enum SignOperands {
        /** As the unary sign applied to g / m, except under another unary, where the operand saves a group. */
        WHEN_NESTED,
        /** Always as the operands {@code sign(g)} / {@code sign(m)}. */
        ALWAYS,
        /** Always as the unary sign applied to g / m. */
        NEVER
    }

    /** Compiles with {@link SignOperands#WHEN_NESTED}. */
    public static Rule compile(Expr e) {
        return compile(e, SignOperands.WHEN_NESTED);
    }

    public static Rule compile(Expr e, SignOperands policy) {
        return compile(e, policy, null, Map.of());
    }

    /**
     * @param text      the text the expression was parsed from (for error messages), or null
     * @param positions start offsets of nodes in {@code text}, by identity (missing nodes report position 0)
     */
    static Rule compile(Expr e, SignOperands policy, String text, Map<Expr, Integer> positions) {
        Expr normal = normaliseSigns(e, policy, new IdentityHashMap<>());
        Compilation c = new Compilation(policy);
        c.group(normal);
        if (c.size() > Rule.MAX_GROUPS) {
            Expr fifth = c.sources.get(Rule.MAX_GROUPS);
            String input = text != null ? text : InfixPrinter.print(e);
            int at = text != null ? positions.getOrDefault(fifth, 0) : 0;
            throw new RuleSyntaxException(input, at, "the rule needs " + c.size() + " groups, at most "
                    + Rule.MAX_GROUPS + " are allowed (the subexpression here would be group " + (Rule.MAX_GROUPS + 1) + ")");
        }
        return new Rule(c.groups());
    }

    /** Rewrites sign operands / sign applications per the policy, keeping unchanged nodes (and their identity). */
    private static Expr normaliseSigns(Expr e, SignOperands policy, Map<Expr, Expr> done) {
        Expr known = done.get(e);
        if (known != null) {
            return known;
        }
        Expr out;
        if (e instanceof Expr.Leaf l) {
            Operand op = l.operand();
            if (policy != SignOperands.ALWAYS && (op.kind() == Operand.Kind.SIGN_G || op.kind() == Operand.Kind.SIGN_M)) {
                out = new Expr.Apply(UnaryFunction.SIGN_, Expr.leaf(op.kind() == Operand.Kind.SIGN_G ? Operand.G_ : Operand.M_));
            } else {
                out = e;
            }
        } else if (e instanceof Expr.Apply a) {
            Expr arg = normaliseSigns(a.argument(), policy, done);
            Operand sign = policy == SignOperands.ALWAYS ? signOperand(a.function(), arg) : null;
            if (sign != null) {
                out = Expr.leaf(sign);
            } else if (a.function().isIdentity()) {
                out = arg;
            } else {
                out = arg == a.argument() ? a : new Expr.Apply(a.function(), arg);
            }
        } else {
            Expr.Combine c = (Expr.Combine) e;
            Expr l = normaliseSigns(c.left(), policy, done);
            Expr r = normaliseSigns(c.right(), policy, done);
            if (c.function() == BinaryFunction.KEEP) {
                out = l;
            } else {
                out = l == c.left() && r == c.right() ? c : new Expr.Combine(c.function(), l, r);
            }
        }
        done.put(e, out);
        return out;
    }

    /** {@code sign(g)} / {@code sign(m)} as an operand, or null. */
    private static Operand signOperand(UnaryFunction f, Expr arg) {
        if (f.kind() == UnaryFunction.Kind.SIGN && arg instanceof Expr.Leaf l) {
            if (l.operand().kind() == Operand.Kind.G) {
                return Operand.SIGN_G_;
            }
            if (l.operand().kind() == Operand.Kind.M) {
                return Operand.SIGN_M_;
            }
        }
        return null;
    }

    /** One side of a group: a unary function applied to an operand, or to group {@code result}'s result (when >= 0). */
    private record Side(UnaryFunction unary, Operand operand, int result) {
        static Side of(UnaryFunction unary, Operand operand) {
            return new Side(unary, operand, -1);
        }

        static Side ofResult(UnaryFunction unary, int result) {
            return new Side(unary, null, result);
        }

        boolean isResult() {
            return result >= 0;
        }

        Operand toOperand() {
            return isResult() ? Operand.result(result) : operand;
        }
    }

    private record RawGroup(Side left, Side right, BinaryFunction binary) {
        Group toGroup() {
            return new Group(left.toOperand(), right.toOperand(), left.unary(), right.unary(), binary);
        }
    }

    private static final class Compilation {
        final SignOperands policy;
        final List<RawGroup> raw = new ArrayList<>();
        /** The expression each group computes, for error positions. */
        final List<Expr> sources = new ArrayList<>();
        final Map<Expr, Integer> shared = new HashMap<>();

        Compilation(SignOperands policy) {
            this.policy = policy;
        }

        int size() {
            return raw.size();
        }

        List<Group> groups() {
            List<Group> out = new ArrayList<>(raw.size());
            for (RawGroup g : raw) {
                out.add(g.toGroup());
            }
            return out;
        }

        int group(Expr e) {
            Integer known = shared.get(e);
            if (known != null) {
                return known;
            }
            RawGroup g;
            if (e instanceof Expr.Combine c) {
                Side l = side(c.left());
                Side r = side(c.right());
                g = new RawGroup(l, r, c.function());
            } else {
                Side l = side(e);
                g = new RawGroup(l, filler(l, raw.size()), BinaryFunction.KEEP);
            }
            int index = raw.size();
            raw.add(g);
            sources.add(e);
            shared.put(e, index);
            return index;
        }

        Side side(Expr e) {
            if (e instanceof Expr.Leaf l) {
                return Side.of(UnaryFunction.ID_, l.operand());
            }
            if (e instanceof Expr.Apply a) {
                Expr arg = a.argument();
                if (arg instanceof Expr.Leaf l) {
                    return Side.of(a.function(), l.operand());
                }
                if (policy == SignOperands.WHEN_NESTED && arg instanceof Expr.Apply inner) {
                    Operand sign = signOperand(inner.function(), inner.argument());
                    if (sign != null) {
                        return Side.of(a.function(), sign);
                    }
                }
                return Side.ofResult(a.function(), group(arg));
            }
            return Side.ofResult(UnaryFunction.ID_, group(e));
        }

        /** The unused right side of a keep-left group at index {@code k} whose left side is {@code left}. */
        static Side filler(Side left, int k) {
            if (k > 0 && !left.isResult()) {
                return Side.ofResult(UnaryFunction.ID_, k - 1);
            }
            if (left.isResult()) {
                return Side.of(UnaryFunction.ID_, Operand.G_);
            }
            return Side.of(UnaryFunction.ID_, left.operand().equals(Operand.G_) ? Operand.M_ : Operand.G_);
        }
    }
}
