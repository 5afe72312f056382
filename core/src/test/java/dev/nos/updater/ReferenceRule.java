package dev.nos.updater;

import dev.nos.rule.BinaryFunction;
import dev.nos.rule.Expr;
import dev.nos.rule.Operand;
import dev.nos.rule.Rule;
import dev.nos.rule.UnaryFunction;

/**
 * A plain double-precision reference of one update step, written independently of the kernel: element by element,
 * recursively over the rule's expression. State is rounded to the storage type after each update, as stored.
 */
final class ReferenceRule {
    final Expr expr;
    final boolean isFloat;
    final long totalSteps;
    final long seed;
    final double[] m;
    final double[] v;
    final double[] gamma;

    ReferenceRule(Rule rule, int n, boolean isFloat, long totalSteps, long seed) {
        this.expr = rule.expression();
        this.isFloat = isFloat;
        this.totalSteps = totalSteps;
        this.seed = seed;
        m = new double[n];
        v = new double[n];
        gamma = new double[n];
    }

    double round(double x) {
        return isFloat ? (double) (float) x : x;
    }

    /** Returns the expected new gradient (lr * U, rounded to storage); updates the reference state. */
    double[] step(double[] g, double[] w, long t, double lr, long indexBase) {
        int n = g.length;
        double[] out = new double[n];
        double bc1 = 1 - Math.pow(0.9, t + 1);
        double bc2 = 1 - Math.pow(0.999, t + 1);
        double bc3 = 1 - Math.pow(0.999, t + 1);
        for (int i = 0; i < n; i++) {
            double gi = g[i];
            m[i] = round(0.9 * m[i] + (1 - 0.9) * gi);
            v[i] = round(0.999 * v[i] + (1 - 0.999) * (gi * gi));
            gamma[i] = round(0.999 * gamma[i] + (1 - 0.999) * (gi * gi * gi));
            Element e = new Element(gi, m[i] / bc1, v[i] / bc2, gamma[i] / bc3, w == null ? Double.NaN : w[i], t,
                    indexBase + i);
            out[i] = round(lr * eval(expr, e));
        }
        return out;
    }

    private record Element(double g, double m, double v, double gamma, double w, long t, long index) {}

    private double eval(Expr node, Element e) {
        if (node instanceof Expr.Leaf l) {
            Operand op = l.operand();
            switch (op.kind()) {
                case G: return e.g;
                case G2: return e.g * e.g;
                case G3: return e.g * e.g * e.g;
                case M: return e.m;
                case V: return e.v;
                case GAMMA: return e.gamma;
                case SIGN_G: return Math.signum(e.g);
                case SIGN_M: return Math.signum(e.m);
                case ONE: return 1;
                case TWO: return 2;
                case EPS: return 0.1 * RuleRandom.gaussianAt(RuleRandom.key(seed, e.t, RuleRandom.stream(node)), e.index);
                case EPS_T: return Math.sqrt(1.0 / Math.pow(1.0 + e.t, 0.55))
                        * RuleRandom.gaussianAt(RuleRandom.key(seed, e.t, RuleRandom.stream(node)), e.index);
                case WEIGHT: return op.param() * e.w;
                case ADAM: return e.m / (Math.sqrt(e.v) + 1e-8);
                case RMSPROP: return e.g / (Math.sqrt(e.v) + 1e-8);
                case LD: return 1.0 - (double) e.t / totalSteps;
                case CD: return 0.5 * (1 + Math.cos(2 * Math.PI * op.param() * e.t / totalSteps));
                case RD: return 0.5 * (1 + Math.cos(Math.PI * ((e.t * op.param()) % totalSteps) / totalSteps));
                default: throw new IllegalArgumentException(op.token());
            }
        }
        if (node instanceof Expr.Apply a) {
            double x = eval(a.argument(), e);
            UnaryFunction f = a.function();
            double u = f.isRandom() ? RuleRandom.uniformAt(RuleRandom.key(seed, e.t, RuleRandom.stream(node)), e.index) : 0;
            return f.apply(x, u);
        }
        Expr.Combine c = (Expr.Combine) node;
        BinaryFunction b = c.function();
        return b.apply(eval(c.left(), e), eval(c.right(), e));
    }
}
