package dev.nos.updater.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nos.rule.Rule;
import org.junit.jupiter.api.Test;

/** What runs per step and what per element, and which rules share a generated loop. */
class LoopPlanTest {

    private static LoopPlan plan(String rule) {
        return new LoopPlan(RuleLowering.lower(Rule.parse(rule), 100));
    }

    private static long count(LoopPlan p, LoopPlan.Kind kind) {
        return p.ops.stream().filter(o -> o.kind() == kind).count();
    }

    @Test
    void signFunctionsArePerStepTables() {
        for (String rule : new String[] {"exp(sign(g) * sign(m)) * g", "(1 + ld * sign(g) * sign(m)) * g",
                "2 ^ (cd * sign(g) * sign(m)) * g"}) {
            LoopPlan p = plan(rule);
            // exp, pow and the decays went into the select's table: no transcendental function per element
            assertFalse(p.ops.stream().anyMatch(o -> o.kind() == LoopPlan.Kind.UNARY && o.unary() != Node.UnaryOp.SIGN),
                    rule + ": " + p.shape());
            assertFalse(p.ops.stream().anyMatch(o -> o.kind() == LoopPlan.Kind.BINARY && o.binary() == Node.BinaryOp.POW),
                    rule + ": " + p.shape());
            assertEquals(1, count(p, LoopPlan.Kind.SELECT), rule + ": " + p.shape());
            assertEquals(1, p.spec.averages().size(), rule);
        }
    }

    @Test
    void stateSlotsOnlyForWhatTheRuleReads() {
        assertEquals(0, plan("g").spec.averages().size());
        assertEquals(2, plan("adam").spec.averages().size());
        assertEquals(1, plan("g * sign(m)").spec.averages().size());
        assertEquals(3, plan("m + v + gamma").spec.averages().size());
        assertTrue(plan("g + 1e-4 * w").readsWeights);
        assertFalse(plan("g").readsWeights);
    }

    @Test
    void adamIsOnePlainLoopBody() {
        LoopPlan p = plan("adam");
        assertEquals(0, count(p, LoopPlan.Kind.SELECT));
        // m / bc1, v / bc2, sqrt, the division, lr times
        assertEquals(5, count(p, LoopPlan.Kind.UNARY) + count(p, LoopPlan.Kind.BINARY), p.shape());
    }

    @Test
    void rulesThatDifferInConstantsShareOneLoop() {
        LoopPlan a = plan("clip(g, 1e-5) * exp(ld * sign(m))");
        LoopPlan b = plan("clip(g, 1e-3) * exp(cd * sign(m))");
        assertEquals(a.shape(), b.shape());
        assertSame(LoopCompiler.loop(a, true), LoopCompiler.loop(b, true));
        assertNotSame(LoopCompiler.loop(a, true), LoopCompiler.loop(plan("clip(g, 1e-3) * exp(cd * sign(g))"), true));
    }

    @Test
    void infiniteTablesSelectByComparison() {
        LoopPlan p = plan("exp(exp(2) * exp(2) * 2 * sign(g)) * g");
        double[] sc = new double[p.scalarCount];
        double[] values = new double[p.spec.stepValues()];
        p.spec.values().fill(0, 0.1, values);
        p.prepare(values, sc);
        assertTrue(p.arithmeticSelects(sc, false), "exp(2 exp(2)^2) is finite in double");
        assertFalse(p.arithmeticSelects(sc, true), "but not in float");
    }
}
