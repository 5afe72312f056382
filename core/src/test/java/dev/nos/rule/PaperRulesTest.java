package dev.nos.rule;

import dev.nos.rule.eval.ElementInputs;
import dev.nos.rule.eval.RandomSource;
import dev.nos.rule.eval.ScalarEvaluator;
import org.junit.jupiter.api.Test;

import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every rule of the paper (docs/rule-language.md, "Rules of the paper") parses from infix, prints back, and computes
 * its formula (checked by hand-written formulas).
 */
class PaperRulesTest {
    private static final double DELTA = 1e-8;
    private static final long T = 200;
    private static final ElementInputs[] POINTS = {
            new ElementInputs(0.3, 0.2, 0.04, 0.01, 1.5, 0, T),
            new ElementInputs(-0.3, 0.2, 0.09, -0.02, -2.0, 17, T),
            new ElementInputs(2.5, -1.1, 5.0, 3.0, 0.1, 120, T),
            new ElementInputs(-1e-3, -4e-4, 1e-6, -1e-9, 7.0, 199, T),
    };

    private static double sgn(double x) {
        return Math.signum(x);
    }

    private static double ld(ElementInputs p) {
        return 1.0 - (double) p.t() / p.totalSteps();
    }

    private static double cd(ElementInputs p) {
        return 0.5 * (1 + Math.cos(2 * Math.PI * 0.5 * p.t() / p.totalSteps()));
    }

    private static double rd(double n, ElementInputs p) {
        return 0.5 * (1 + Math.cos(Math.PI * ((p.t() * n) % p.totalSteps()) / p.totalSteps()));
    }

    private static double ss(ElementInputs p) {
        return sgn(p.g()) * sgn(p.m());
    }

    /** Parses {@code text}, checks it prints back as {@code printed}, and computes {@code formula} at every point. */
    private static void check(String text, String printed, ToDoubleFunction<ElementInputs> formula) {
        Rule r = Rule.parseInfix(text);
        assertEquals(printed, r.infix(), text);
        for (ElementInputs p : POINTS) {
            double expected = formula.applyAsDouble(p);
            double actual = ScalarEvaluator.evaluate(r, p, RandomSource.NONE);
            assertEquals(expected, actual, 1e-12 * Math.max(1, Math.abs(expected)), () -> text + " at " + p);
        }
    }

    private static void check(String text, ToDoubleFunction<ElementInputs> formula) {
        check(text, text, formula);
    }

    @Test
    void familiarOptimizers() {
        check("g", ElementInputs::g);
        check("rmsprop", p -> p.g() / (Math.sqrt(p.v()) + DELTA));
        check("g / (sqrt(abs(v)))", "g / sqrt(abs(v))", p -> p.g() / (Math.sqrt(p.v()) + DELTA));
        check("adam", p -> p.m() / (Math.sqrt(p.v()) + DELTA));
        check("m / (sqrt(abs(v)))", "m / sqrt(abs(v))", p -> p.m() / (Math.sqrt(p.v()) + DELTA));
    }

    @Test
    void powerSign() {
        check("exp(sign(g) * sign(m)) * g", p -> Math.exp(ss(p)) * p.g());
        check("2 ^ (sign(g) * sign(m)) * g", p -> Math.pow(2, ss(p)) * p.g());
        check("exp(ld * sign(g) * sign(m)) * g", p -> Math.exp(ld(p) * ss(p)) * p.g());
        check("exp(cd * sign(g) * sign(m)) * g", p -> Math.exp(cd(p) * ss(p)) * p.g());
        check("exp(rd(10) * sign(g) * sign(m)) * g", p -> Math.exp(rd(10, p) * ss(p)) * p.g());
        check("exp(rd(20) * sign(g) * sign(m)) * g", p -> Math.exp(rd(20, p) * ss(p)) * p.g());
        check("2 ^ (ld * sign(g) * sign(m)) * g", p -> Math.pow(2, ld(p) * ss(p)) * p.g());
    }

    @Test
    void addSign() {
        check("(1 + sign(g) * sign(m)) * g", p -> (1 + ss(p)) * p.g());
        check("(2 + sign(g)*sign(m))*g", "(2 + sign(g) * sign(m)) * g", p -> (2 + ss(p)) * p.g());
        check("(1 + ld * sign(g) * sign(m)) * g", p -> (1 + ld(p) * ss(p)) * p.g());
        check("(1 + cd * sign(g) * sign(m)) * g", p -> (1 + cd(p) * ss(p)) * p.g());
        check("(1 + rd(20) * sign(g) * sign(m)) * g", p -> (1 + rd(20, p) * ss(p)) * p.g());
        check("(2 + rd(10) * sign(g) * sign(m)) * g", p -> (2 + rd(10, p) * ss(p)) * p.g());
    }

    @Test
    void schedulesAsRules() {
        // linear cosine decay applied to SGD
        check("ld * cd * g", p -> ld(p) * cd(p) * p.g());
        check("ld * cd", p -> ld(p) * cd(p));
        // cyclical decay with n periods and the plain cosine decay
        check("cd(2) * g", p -> 0.5 * (1 + Math.cos(2 * Math.PI * 2 * p.t() / p.totalSteps())) * p.g());
    }

    @Test
    void noisyLinearCosineDecayHasTheRightMeanAndSpread() {
        // (ld + eps_t) * cd: with a fixed gaussian draw z, the value is (ld + z / (1+t)^0.275) * cd
        Rule r = Rule.parseInfix("(ld + eps_t) * cd");
        assertEquals("(ld + eps_t) * cd", r.infix());
        RandomSource z = new RandomSource() {
            @Override
            public double uniform(Object node) {
                return 0.5;
            }

            @Override
            public double gaussian(Object node) {
                return 1.3;
            }
        };
        for (ElementInputs p : POINTS) {
            double expected = (ld(p) + 1.3 * Math.sqrt(1 / Math.pow(1 + p.t(), 0.55))) * cd(p);
            assertEquals(expected, ScalarEvaluator.evaluate(r, p, z), 1e-12);
        }
    }
}
