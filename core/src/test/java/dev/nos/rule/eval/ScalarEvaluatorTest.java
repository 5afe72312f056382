package dev.nos.rule.eval;

import dev.nos.rule.Rule;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ScalarEvaluatorTest {
    private static final ElementInputs IN = new ElementInputs(-0.3, 0.2, 0.04, -0.01, 1.5, 10, 100);

    private static double tokens(String text, ElementInputs in) {
        return ScalarEvaluator.evaluate(Rule.parseTokens(text), in, RandomSource.NONE);
    }

    @Test
    void operandsHaveTheirDefinedValues() {
        assertEquals(-0.3, tokens("g g id id keep", IN), 0);
        assertEquals(0.09, tokens("g^2 g id id keep", IN), 1e-15);
        assertEquals(-0.027, tokens("g^3 g id id keep", IN), 1e-15);
        assertEquals(-1.0, tokens("sign(g) g id id keep", IN), 0);
        assertEquals(1.0, tokens("sign(m) g id id keep", IN), 0);
        assertEquals(1.5e-3, tokens("1e-3*w g id id keep", IN), 1e-18);
        assertEquals(0.2 / (0.2 + 1e-8), tokens("adam g id id keep", IN), 1e-15);
        assertEquals(-0.3 / (0.2 + 1e-8), tokens("rmsprop g id id keep", IN), 1e-15);
        assertEquals(0.9, tokens("ld g id id keep", IN), 1e-15);
        assertEquals(0.5 * (1 + Math.cos(Math.PI * 10 / 100)), tokens("cd g id id keep", IN), 1e-15);
        assertEquals(0.5 * (1 + Math.cos(2 * Math.PI * 3 * 10 / 100)), tokens("cd(3) g id id keep", IN), 1e-15);
        assertEquals(0.5 * (1 + Math.cos(Math.PI * ((10 * 20) % 100) / 100.0)), tokens("rd(20) g id id keep", IN), 1e-15);
        assertEquals(0.5 * (1 + Math.cos(Math.PI * 0.7)), tokens("rd(0.7) g id id keep",
                new ElementInputs(1, 1, 1, 1, 1, 100, 100)), 1e-12);
    }

    @Test
    void functionsAndDivisionUseDelta() {
        // g / (v + delta) with v = 0 stays finite
        assertEquals(-0.3 / 1e-8, tokens("g v id id div", new ElementInputs(-0.3, 0, 0, 0, 0, 0, 1)), 1e-3);
        assertEquals(Math.log(0.3), tokens("g g log id keep", IN), 1e-15);
        assertEquals(Math.sqrt(0.3), tokens("g g sqrt id keep", IN), 1e-15);
        assertEquals(-1e-4, tokens("g g clip(1e-4) id keep", IN), 0);
        assertEquals(Math.exp(-0.3) * -0.3, tokens("g g exp id mul", IN), 1e-15);
    }

    @Test
    void powerSignComputesItsFormula() {
        // exp(sign(g) * sign(m)) * g
        double u = tokens("sign(g) sign(m) id id mul #0 g exp id mul", IN);
        assertEquals(Math.exp(-1) * -0.3, u, 1e-15);
    }

    @Test
    void reusedNodeDrawsOnce() {
        // #0 = eps, #1 = #0 - #0 must be exactly 0 because the same node draws once
        Rule r = Rule.parseTokens("eps g id id keep #0 #0 id id sub");
        List<Object> asked = new ArrayList<>();
        RandomSource counting = new RandomSource() {
            @Override
            public double uniform(Object node) {
                asked.add(node);
                return 0.5;
            }

            @Override
            public double gaussian(Object node) {
                asked.add(node);
                return 1.7;
            }
        };
        assertEquals(0.0, ScalarEvaluator.evaluate(r, IN, counting), 0);
        assertEquals(1, asked.size());
        // two separate eps leaves draw twice
        asked.clear();
        double d = ScalarEvaluator.evaluate(Rule.parseTokens("eps eps id id sub"), IN, RandomSource.of(new java.util.Random(1)));
        assertNotEquals(0.0, d);
    }

    @Test
    void noiseScales() {
        RandomSource one = new RandomSource() {
            @Override
            public double uniform(Object node) {
                return 0.2;
            }

            @Override
            public double gaussian(Object node) {
                return 1.0;
            }
        };
        assertEquals(0.1, ScalarEvaluator.evaluate(Rule.parseTokens("eps g id id keep"), IN, one), 1e-15);
        assertEquals(Math.sqrt(1 / Math.pow(11, 0.55)), ScalarEvaluator.evaluate(Rule.parseTokens("eps_t g id id keep"), IN, one), 1e-15);
        assertEquals(0.0, ScalarEvaluator.evaluate(Rule.parseTokens("g g drop(0.3) id keep"), IN, one), 0);
        assertEquals(-0.3, ScalarEvaluator.evaluate(Rule.parseTokens("g g drop(0.1) id keep"), IN, one), 0);
    }

    @Test
    void decaysNeedTotalSteps() {
        assertThrows(IllegalArgumentException.class, () -> tokens("ld g id id keep", new ElementInputs(1, 1, 1, 1, 1, 0, 0)));
        assertThrows(IllegalStateException.class, () -> tokens("eps g id id keep", IN));
    }
}
