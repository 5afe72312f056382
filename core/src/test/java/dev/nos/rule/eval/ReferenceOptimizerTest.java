package dev.nos.rule.eval;

import dev.nos.rule.Rule;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ReferenceOptimizerTest {

    @Test
    void adamMatchesAHandWrittenAdam() {
        double lr = 0.01;
        ReferenceOptimizer opt = new ReferenceOptimizer(Rule.parseTokens("adam g id id keep"), lr, 0, 2, 0);
        double[] w = {1.0, -2.0};
        double[] expected = w.clone();
        double[] m = new double[2];
        double[] v = new double[2];
        for (int t = 0; t < 50; t++) {
            double[] g = {0.1 * Math.sin(t) + expected[0], Math.cos(0.3 * t) - 0.5};
            for (int i = 0; i < 2; i++) {
                m[i] = 0.9 * m[i] + 0.1 * g[i];
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                double mh = m[i] / (1 - Math.pow(0.9, t + 1));
                double vh = v[i] / (1 - Math.pow(0.999, t + 1));
                expected[i] -= lr * mh / (Math.sqrt(vh) + 1e-8);
            }
            opt.step(w, g);
        }
        assertArrayEquals(expected, w, 1e-12);
        assertEquals(50, opt.t());
    }

    @Test
    void firstStepOfSignRulesSeesCorrectedMomentum() {
        // at t = 0, mHat = g exactly, so sign(g) * sign(m) = 1 and PowerSign gives e * g
        ReferenceOptimizer opt = new ReferenceOptimizer(Rule.parseTokens("sign(g) sign(m) id id mul #0 g exp id mul"), 1, 0, 1, 0);
        double[] w = {0};
        double[] u = opt.step(w, new double[] {-0.4});
        assertEquals(Math.E * -0.4, u[0], 1e-15);
        assertEquals(Math.E * 0.4, w[0], 1e-15);
    }

    @Test
    void sameSeedSameRun() {
        Rule r = Rule.parseTokens("g eps drop(0.5) id add");
        double[] a = {1, 2, 3};
        double[] b = {1, 2, 3};
        ReferenceOptimizer x = new ReferenceOptimizer(r, 0.1, 10, 3, 42);
        ReferenceOptimizer y = new ReferenceOptimizer(r, 0.1, 10, 3, 42);
        for (int t = 0; t < 10; t++) {
            double[] g = {0.1, -0.2, 0.3};
            x.step(a, g);
            y.step(b, g);
        }
        assertArrayEquals(a, b, 0);
    }
}
