package dev.nos.updater;

import dev.nos.rule.BinaryFunction;
import dev.nos.rule.Expr;
import dev.nos.rule.Operand;
import dev.nos.rule.Rule;
import dev.nos.rule.UnaryFunction;

/**
 * A plain double-precision reference of one update step, written independently of the kernel: element by element,
 * recursively over the rule's expression. State is rounded to the storage type after each update, as stored.
 *
 * <p>For FLOAT memory it also bounds, per element, how far a loop that computes in float may be from this value
 * ({@link #bounds}): a first-order running error analysis in which every float operation may add a relative error
 * of u = 2^-24 to its result, and errors propagate through each function by its derivative (a sign whose argument
 * is within its error of 0 may flip; such elements get an infinite bound). The moving averages carry their own
 * bound from step to step: computing beta m + (1 - beta) g in float cancels like any sum.
 */
final class ReferenceRule {
    /** Unit roundoff of float. */
    static final double U = 0x1p-24;

    final Expr expr;
    final boolean isFloat;
    final long totalSteps;
    final long seed;
    final double[] m;
    final double[] v;
    final double[] gamma;
    final double[] em;
    final double[] ev;
    final double[] egamma;
    /** Error bounds of the last step's expected values (FLOAT only, else zeros). */
    double[] bounds;

    ReferenceRule(Rule rule, int n, boolean isFloat, long totalSteps, long seed) {
        this.expr = rule.expression();
        this.isFloat = isFloat;
        this.totalSteps = totalSteps;
        this.seed = seed;
        m = new double[n];
        v = new double[n];
        gamma = new double[n];
        em = new double[n];
        ev = new double[n];
        egamma = new double[n];
    }

    double round(double x) {
        return isFloat ? (double) (float) x : x;
    }

    /** Returns the expected new gradient (lr * U, rounded to storage); updates the reference state. */
    double[] step(double[] g, double[] w, long t, double lr, long indexBase) {
        int n = g.length;
        double[] out = new double[n];
        bounds = new double[n];
        double bc1 = 1 - Math.pow(0.9, t + 1);
        double bc2 = 1 - Math.pow(0.999, t + 1);
        double bc3 = 1 - Math.pow(0.999, t + 1);
        double u = isFloat ? U : 0;
        for (int i = 0; i < n; i++) {
            double gi = g[i];
            double m1 = 0.9 * m[i] + (1 - 0.9) * gi;
            double v1 = 0.999 * v[i] + (1 - 0.999) * (gi * gi);
            double c1 = 0.999 * gamma[i] + (1 - 0.999) * (gi * gi * gi);
            em[i] = ema(em[i], 0.9, m[i], 0.1 * gi, m1, u);
            ev[i] = ema(ev[i], 0.999, v[i], 0.001 * gi * gi, v1, u);
            egamma[i] = ema(egamma[i], 0.999, gamma[i], 0.001 * gi * gi * gi, c1, u);
            m[i] = round(m1);
            v[i] = round(v1);
            gamma[i] = round(c1);
            Element e = new Element(gi, m[i] / bc1, v[i] / bc2, gamma[i] / bc3, w == null ? Double.NaN : w[i], t,
                    indexBase + i, em[i] / bc1 + 3 * u * Math.abs(m[i] / bc1), ev[i] / bc2 + 3 * u * Math.abs(v[i] / bc2),
                    egamma[i] / bc3 + 3 * u * Math.abs(gamma[i] / bc3), u);
            double[] r = eval(expr, e);
            double x = lr * r[0];
            out[i] = round(x);
            bounds[i] = Math.abs(lr) * r[1] + 3 * u * Math.abs(x);
        }
        return out;
    }

    /** Bound of the float EMA beta a + (1 - beta) x against the double one rounded once. */
    private static double ema(double prev, double beta, double a, double x, double result, double u) {
        return beta * prev + 2 * u * (Math.abs(beta * a) + Math.abs(x) + Math.abs(result));
    }

    private record Element(double g, double m, double v, double gamma, double w, long t, long index,
                           double em, double ev, double egamma, double u) {}

    /**
     * {value, error bound}. In float a value beyond the float range overflows (no bound), and rounding below the
     * normal range adds up to 2^-150 absolutely.
     */
    private double[] eval(Expr node, Element e) {
        double[] r = evalNode(node, e);
        if (e.u > 0) {
            r[1] = Math.abs(r[0]) > Float.MAX_VALUE ? Double.POSITIVE_INFINITY : r[1] + 0x1p-150;
        }
        return r;
    }

    private double[] evalNode(Expr node, Element e) {
        double u = e.u;
        if (node instanceof Expr.Leaf l) {
            Operand op = l.operand();
            switch (op.kind()) {
                case G: return exact(e.g);
                case G2: return val(e.g * e.g, u * e.g * e.g);
                case G3: return val(e.g * e.g * e.g, 2 * u * Math.abs(e.g * e.g * e.g));
                case M: return val(e.m, e.em);
                case V: return val(e.v, e.ev);
                case GAMMA: return val(e.gamma, e.egamma);
                case SIGN_G: return exact(Math.signum(e.g));
                case SIGN_M: return sign(val(e.m, e.em));
                case ONE: return exact(1);
                case TWO: return exact(2);
                case EPS: return rounded(0.1 * RuleRandom.gaussianAt(RuleRandom.key(seed, e.t, RuleRandom.stream(node)), e.index), 3 * u);
                case EPS_T: return rounded(Math.sqrt(1.0 / Math.pow(1.0 + e.t, 0.55))
                        * RuleRandom.gaussianAt(RuleRandom.key(seed, e.t, RuleRandom.stream(node)), e.index), 3 * u);
                case WEIGHT: return rounded(op.param() * e.w, 2 * u);
                case ADAM: return binary(BinaryFunction.DIV, val(e.m, e.em), unary(UnaryFunction.SQRT_, val(e.v, e.ev), e), e);
                case RMSPROP: return binary(BinaryFunction.DIV, exact(e.g), unary(UnaryFunction.SQRT_, val(e.v, e.ev), e), e);
                case LD: return rounded(1.0 - (double) e.t / totalSteps, u);
                case CD: return rounded(0.5 * (1 + Math.cos(2 * Math.PI * op.param() * e.t / totalSteps)), u);
                case RD: return rounded(0.5 * (1 + Math.cos(Math.PI * ((e.t * op.param()) % totalSteps) / totalSteps)), u);
                default: throw new IllegalArgumentException(op.token());
            }
        }
        if (node instanceof Expr.Apply a) {
            double[] x = eval(a.argument(), e);
            UnaryFunction f = a.function();
            if (f.isRandom()) {
                double r = RuleRandom.uniformAt(RuleRandom.key(seed, e.t, RuleRandom.stream(node)), e.index);
                return val(f.apply(x[0], r), x[1]);
            }
            return unary(f, x, e);
        }
        Expr.Combine c = (Expr.Combine) node;
        return binary(c.function(), eval(c.left(), e), eval(c.right(), e), e);
    }

    private static double[] val(double x, double err) {
        return new double[] {x, err};
    }

    private static double[] exact(double x) {
        return val(x, 0);
    }

    private static double[] rounded(double x, double rel) {
        return val(x, rel * Math.abs(x));
    }

    private static double[] sign(double[] x) {
        double s = Math.signum(x[0]);
        return val(s, x[1] == 0 || Math.abs(x[0]) > x[1] ? 0 : Double.POSITIVE_INFINITY);
    }

    private static double[] unary(UnaryFunction f, double[] x, Element e) {
        double u = e.u;
        double r = f.apply(x[0], 0);
        double ex = x[1];
        double ar = Math.abs(r);
        double err = switch (f.kind()) {
            case ID, NEG -> ex;
            case EXP -> ar * Math.expm1(ex) + u * ar;
            case LOG -> ex >= Math.abs(x[0]) ? Double.POSITIVE_INFINITY : ex / (Math.abs(x[0]) - ex) + u * ar;
            case SQRT -> Math.min(Math.sqrt(ex), ex / ar) + u * ar;
            case CLIP -> ex + u * f.param();
            case SIGN -> sign(x)[1];
            case DROP -> throw new IllegalStateException("drop is random");
        };
        return val(r, err);
    }

    private static double[] binary(BinaryFunction b, double[] x, double[] y, Element e) {
        double u = e.u;
        double r = b.apply(x[0], y[0]);
        double ar = Math.abs(r);
        double ex = x[1];
        double ey = y[1];
        double err = switch (b) {
            case ADD, SUB -> ex + ey + u * ar;
            case MUL -> Math.abs(x[0]) * ey + Math.abs(y[0]) * ex + ex * ey + u * ar;
            case DIV -> {
                double d = y[0] + BinaryFunction.DELTA;
                double ed = ey + u * Math.abs(d) + u * BinaryFunction.DELTA;
                yield ed >= Math.abs(d) ? Double.POSITIVE_INFINITY
                        : (ex + Math.abs(r) * ed) / (Math.abs(d) - ed) + u * ar;
            }
            case POW -> {
                if (ex == 0 && ey == 0) {
                    yield u * ar;
                }
                if (!(x[0] > 0) || ex >= x[0]) {
                    yield Double.POSITIVE_INFINITY;
                }
                // |d(x^y)| <= |x'^y| (|y| ex / x' + |ln x'| ey) for x' within ex of x: bound the growth of the log
                double lo = x[0] - ex;
                double grow = Math.abs(y[0]) * ex / lo + Math.max(Math.abs(Math.log(lo)), Math.abs(Math.log(x[0] + ex))) * ey;
                yield ar * Math.expm1(grow) + u * ar;
            }
            case KEEP -> ex;
        };
        return val(r, err);
    }
}
