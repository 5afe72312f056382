package dev.nos.updater.loop;

/**
 * The loop compiler's input: one expression per element of a parameter block, the update {@code lr * U} that
 * overwrites the gradient. A rule of the language is lowered into it by {@link RuleLowering}; PowerSign and AddSign
 * build theirs directly ({@code dev.nos.updater.SignUpdater}). Records compare structurally, so equal subexpressions
 * are one value (and a random node is one draw) wherever they appear.
 *
 * <p>Our choice: an IR of its own rather than the language's {@code dev.nos.rule.Expr}, because the updaters need
 * what the language has no words for: a moving average as stored (before bias correction), a plain quotient for the
 * bias correction, and per-step values supplied by the caller (the learning rate, a sign decay, PowerSign's base).
 */
public sealed interface Node {

    /** g, the gradient element. */
    record Gradient() implements Node {}

    /** A moving average as stored, already updated with this step's gradient ({@link UpdateSpec#averages()}). */
    record Average(int slot) implements Node {}

    /** w, the weight element (the rule reads the parameters). */
    record Weights() implements Node {}

    /** A constant. */
    record Constant(double value) implements Node {}

    /** A value the caller supplies once per step ({@link StepValues}): learning rate, decays, bias corrections. */
    record Step(int index) implements Node {}

    /** A standard normal number per element and step, from the counter-based stream {@code stream}. */
    record Gaussian(long stream) implements Node {}

    /** drop(x, p): 0 with probability p per element and step (uniform from stream {@code stream}), else x. */
    record Drop(double p, long stream, Node x) implements Node {}

    /** A deterministic unary function; {@code param} is CLIP's bound, 0 otherwise. */
    record Unary(UnaryOp op, double param, Node x) implements Node {}

    /** A binary function. */
    record Binary(BinaryOp op, Node x, Node y) implements Node {}

    /** Unary functions, with the language's meaning (docs/rule-language.md, "Unary functions"). */
    enum UnaryOp {
        NEG, EXP, /** log|x| */ LOG, /** sqrt|x| */ SQRT, /** to [-param, param] */ CLIP, SIGN;

        /** The value in double precision, as {@code dev.nos.rule.UnaryFunction#apply}. */
        double apply(double x, double param) {
            return switch (this) {
                case NEG -> -x;
                case EXP -> Math.exp(x);
                case LOG -> Math.log(Math.abs(x));
                case SQRT -> Math.sqrt(Math.abs(x));
                case CLIP -> Math.max(-param, Math.min(param, x));
                case SIGN -> Math.signum(x);
            };
        }
    }

    /** Binary functions: the language's five, and QUOTIENT, a plain x / y (bias correction). */
    enum BinaryOp {
        ADD, SUB, MUL, /** x / (y + delta) */ DIV, POW, /** x / y */ QUOTIENT;

        /** delta of DIV, the language's ({@code dev.nos.rule.BinaryFunction#DELTA}). */
        static final double DELTA = dev.nos.rule.BinaryFunction.DELTA;

        /** The value in double precision, as {@code dev.nos.rule.BinaryFunction#apply}. */
        double apply(double x, double y) {
            return switch (this) {
                case ADD -> x + y;
                case SUB -> x - y;
                case MUL -> x * y;
                case DIV -> x / (y + DELTA);
                case POW -> Math.pow(x, y);
                case QUOTIENT -> x / y;
            };
        }
    }

    static Node mul(Node x, Node y) {
        return new Binary(BinaryOp.MUL, x, y);
    }

    static Node sign(Node x) {
        return new Unary(UnaryOp.SIGN, 0, x);
    }
}
