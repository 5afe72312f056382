package dev.nos.rule.eval;

import dev.nos.rule.BinaryFunction;
import dev.nos.rule.Expr;
import dev.nos.rule.Operand;
import dev.nos.rule.Rule;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The reference evaluator: computes a rule's update U for one element in double precision.
 *
 * <p>Each expression node (by identity) is evaluated once per call, so a group result that is used twice (the
 * same {@link Expr} object in {@link Rule#expression()}) gives one random draw, not two. Structurally equal but
 * distinct nodes draw separately.
 */
public final class ScalarEvaluator {
    private ScalarEvaluator() {}

    /** delta of {@code adam = m / (sqrt(v) + delta)} and {@code rmsprop = g / (sqrt(v) + delta)}. */
    public static final double DELTA = BinaryFunction.DELTA;

    public static double evaluate(Rule rule, ElementInputs in, RandomSource rnd) {
        return evaluate(rule.expression(), in, rnd);
    }

    public static double evaluate(Expr e, ElementInputs in, RandomSource rnd) {
        return eval(e, in, rnd, new IdentityHashMap<>());
    }

    private static double eval(Expr e, ElementInputs in, RandomSource rnd, Map<Expr, Double> memo) {
        Double known = memo.get(e);
        if (known != null) {
            return known;
        }
        double value;
        if (e instanceof Expr.Leaf l) {
            value = operand(l.operand(), in, rnd, e);
        } else if (e instanceof Expr.Apply a) {
            double x = eval(a.argument(), in, rnd, memo);
            double u = a.function().isRandom() ? rnd.uniform(e) : 0.0;
            value = a.function().apply(x, u);
        } else {
            Expr.Combine c = (Expr.Combine) e;
            double x = eval(c.left(), in, rnd, memo);
            double y = eval(c.right(), in, rnd, memo);
            value = c.function().apply(x, y);
        }
        memo.put(e, value);
        return value;
    }

    /**
     * The value of one operand. {@code node} is what random operands pass to {@code rnd} (the leaf).
     *
     * @throws IllegalArgumentException for a group result, which has no value of its own
     */
    public static double operand(Operand op, ElementInputs in, RandomSource rnd, Object node) {
        return switch (op.kind()) {
            case G -> in.g();
            case G2 -> in.g() * in.g();
            case G3 -> in.g() * in.g() * in.g();
            case M -> in.m();
            case V -> in.v();
            case GAMMA -> in.gamma();
            case SIGN_G -> Math.signum(in.g());
            case SIGN_M -> Math.signum(in.m());
            case ONE -> 1.0;
            case TWO -> 2.0;
            case EPS -> Decays.EPS_STD * rnd.gaussian(node);
            case WEIGHT -> op.param() * in.w();
            case ADAM -> in.m() / (Math.sqrt(in.v()) + DELTA);
            case RMSPROP -> in.g() / (Math.sqrt(in.v()) + DELTA);
            case LD -> Decays.linear(in.t(), in.totalSteps());
            case CD -> Decays.cyclical(in.t(), in.totalSteps(), op.param());
            case RD -> Decays.restart(in.t(), in.totalSteps(), op.param());
            case EPS_T -> rnd.gaussian(node) * Decays.annealedNoiseStd(in.t());
            case RESULT -> throw new IllegalArgumentException("a group result (" + op.token() + ") has no value of its own");
        };
    }
}
