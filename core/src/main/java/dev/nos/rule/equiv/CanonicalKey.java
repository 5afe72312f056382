package dev.nos.rule.equiv;

import dev.nos.rule.BinaryFunction;
import dev.nos.rule.Expr;
import dev.nos.rule.Operand;
import dev.nos.rule.Rule;
import dev.nos.rule.UnaryFunction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A canonical text of what a rule computes, equal for rules that are the same expression up to:
 * <ul>
 *   <li>commutativity and associativity of {@code +} and of {@code *} (chains are flattened, their terms sorted);</li>
 *   <li>dead parts (keep-left's right side, identities: already gone in {@link Rule#expression()});</li>
 *   <li>the language's own definitions: the operands {@code sign(g)} / {@code sign(m)} are the sign of g / m,
 *       {@code adam} is {@code m / sqrt|v|} and {@code rmsprop} is {@code g / sqrt|v|} (with {@code /} adding delta,
 *       exactly the same numbers), {@code g ^ 2} is the operand {@code g^2};</li>
 *   <li>double negation {@code -(-x) = x}.</li>
 * </ul>
 * The key reads the expression as a tree: a group result used twice counts as two equal subtrees, so a random
 * node reused by a later group and two separate but equal random nodes give the same key.
 * Example: {@code mul(exp(mul(sign(g),sign(m))),g)}.
 */
public final class CanonicalKey {
    private CanonicalKey() {}

    public static String of(Rule rule) {
        return of(rule.expression());
    }

    public static String of(Expr e) {
        StringBuilder sb = new StringBuilder();
        write(normalise(e), sb);
        return sb.toString();
    }

    /** The expression with the language's definitions substituted and double negations removed. */
    static Expr normalise(Expr e) {
        if (e instanceof Expr.Leaf l) {
            Operand op = l.operand();
            return switch (op.kind()) {
                case SIGN_G -> new Expr.Apply(UnaryFunction.SIGN_, Expr.leaf(Operand.G_));
                case SIGN_M -> new Expr.Apply(UnaryFunction.SIGN_, Expr.leaf(Operand.M_));
                case ADAM -> new Expr.Combine(BinaryFunction.DIV, Expr.leaf(Operand.M_),
                        new Expr.Apply(UnaryFunction.SQRT_, Expr.leaf(Operand.V_)));
                case RMSPROP -> new Expr.Combine(BinaryFunction.DIV, Expr.leaf(Operand.G_),
                        new Expr.Apply(UnaryFunction.SQRT_, Expr.leaf(Operand.V_)));
                default -> e;
            };
        }
        if (e instanceof Expr.Apply a) {
            Expr x = normalise(a.argument());
            if (a.function().isIdentity()) {
                return x;
            }
            if (a.function().kind() == UnaryFunction.Kind.NEG && x instanceof Expr.Apply inner
                    && inner.function().kind() == UnaryFunction.Kind.NEG) {
                return inner.argument();
            }
            return new Expr.Apply(a.function(), x);
        }
        Expr.Combine c = (Expr.Combine) e;
        Expr l = normalise(c.left());
        if (c.function() == BinaryFunction.KEEP) {
            return l;
        }
        Expr r = normalise(c.right());
        if (c.function() == BinaryFunction.POW && l instanceof Expr.Leaf base && base.operand().kind() == Operand.Kind.G
                && r instanceof Expr.Leaf exp && exp.operand().kind() == Operand.Kind.TWO) {
            return Expr.leaf(Operand.G2_);
        }
        return new Expr.Combine(c.function(), l, r);
    }

    private static void write(Expr e, StringBuilder sb) {
        if (e instanceof Expr.Leaf l) {
            sb.append(l.operand().token());
        } else if (e instanceof Expr.Apply a) {
            sb.append(a.function().token()).append('(');
            write(a.argument(), sb);
            sb.append(')');
        } else {
            Expr.Combine c = (Expr.Combine) e;
            sb.append(c.function().token()).append('(');
            if (c.function() == BinaryFunction.ADD || c.function() == BinaryFunction.MUL) {
                List<Expr> terms = new ArrayList<>();
                flatten(c, c.function(), terms);
                List<String> keys = new ArrayList<>(terms.size());
                for (Expr t : terms) {
                    StringBuilder k = new StringBuilder();
                    write(t, k);
                    keys.add(k.toString());
                }
                Collections.sort(keys);
                sb.append(String.join(",", keys));
            } else {
                write(c.left(), sb);
                sb.append(',');
                write(c.right(), sb);
            }
            sb.append(')');
        }
    }

    private static void flatten(Expr e, BinaryFunction f, List<Expr> out) {
        if (e instanceof Expr.Combine c && c.function() == f) {
            flatten(c.left(), f, out);
            flatten(c.right(), f, out);
        } else {
            out.add(e);
        }
    }
}
