package dev.nos.updater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nos.rule.Rule;
import org.junit.jupiter.api.Test;

/** The compiler fuses sign selects into one instruction and recognises the PowerSign/AddSign shape. */
class RuleProgramFusionTest {

    private static RuleProgram compile(String tokens) {
        return new RuleProgram(Rule.parseTokens(tokens));
    }

    @Test
    void powerSignAndAddSignRunAsTheHandKernel() {
        for (String tokens : new String[] {
                "sign(g) sign(m) id id mul #0 g exp id mul",
                "sign(g) sign(m) id id mul 1 #0 id id add #1 g id id mul",
                "ld sign(g) id id mul #0 sign(m) id id mul #1 g exp id mul"}) {
            RuleProgram p = compile(tokens);
            assertEquals(RuleProgram.Shape.SIGN_SELECT_TIMES_G, p.shape, tokens);
            assertEquals(1, p.code.length, tokens);
        }
    }

    @Test
    void signsAreComputedInlineAndDeadInstructionsDropped() {
        RuleProgram p = compile("sign(m) 1 id id sub #0 g exp id pow");
        assertEquals(RuleProgram.Shape.GENERAL, p.shape);
        // exp(sign(m) - 1) is a select on sign(m); its pow with g reads the sign source m directly, in one pass
        assertEquals(1, p.code.length);
        RuleProgram.Insn last = p.code[0];
        assertEquals(RuleProgram.SELBIN, last.op);
        assertEquals(RuleProgram.R_M, last.sa);
        assertEquals(RuleProgram.NO_REG, last.sb);
        for (RuleProgram.Insn i : p.code) {
            assertTrue(i.op != RuleProgram.SIGN, "no SIGN instruction left");
        }
    }

    @Test
    void adamIsNotMistakenForASignShape() {
        RuleProgram p = compile("adam 1 id id keep");
        assertEquals(RuleProgram.Shape.GENERAL, p.shape);
        assertEquals(1, p.code.length);
        assertEquals(RuleProgram.ADAM, p.code[0].op);
        // only ADAM reads the bias-corrected m and v, so it corrects the stored m and v itself
        assertTrue(p.code[0].raw);
        assertEquals(RuleProgram.R_M, p.code[0].a);
        assertEquals(RuleProgram.R_V, p.code[0].b);
    }

    @Test
    void biasCorrectedRegistersStayWhenOtherInstructionsReadThem() {
        RuleProgram p = compile("adam m id id add");
        boolean adamRaw = false;
        for (RuleProgram.Insn i : p.code) {
            adamRaw |= i.op == RuleProgram.ADAM && i.raw;
        }
        assertTrue(!adamRaw && p.needMhat, "m is read by the add, so ADAM reads the corrected registers");
    }
}
