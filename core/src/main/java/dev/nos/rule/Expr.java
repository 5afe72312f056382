package dev.nos.rule;

import java.util.Objects;

/**
 * A rule as one expression tree: what the groups compute once earlier results are substituted, identity
 * functions removed and keep-left's dropped right side discarded. This is the form that is printed as infix,
 * evaluated and compared.
 */
public sealed interface Expr permits Expr.Leaf, Expr.Apply, Expr.Combine {

    /** An operand of the language (never a {@link Operand.Kind#RESULT}). */
    record Leaf(Operand operand) implements Expr {
        public Leaf {
            Objects.requireNonNull(operand, "operand");
            if (operand.isResult()) {
                throw new IllegalArgumentException("an expression leaf cannot be a group result");
            }
        }
    }

    /** A unary function applied to an expression (never the identity). */
    record Apply(UnaryFunction function, Expr argument) implements Expr {
        public Apply {
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(argument, "argument");
        }
    }

    /** A binary function of two expressions (never keep-left). */
    record Combine(BinaryFunction function, Expr left, Expr right) implements Expr {
        public Combine {
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    static Expr leaf(Operand operand) {
        return new Leaf(operand);
    }

    /** {@code f(x)}, or {@code x} itself when f is the identity. */
    static Expr apply(UnaryFunction f, Expr x) {
        return f.isIdentity() ? x : new Apply(f, x);
    }

    /** {@code b(x, y)}, or {@code x} itself when b is keep-left. */
    static Expr combine(BinaryFunction b, Expr x, Expr y) {
        return b == BinaryFunction.KEEP ? x : new Combine(b, x, y);
    }
}
