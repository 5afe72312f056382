package dev.nos.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class RuleShowCommandTest {

    @Test
    void showsTokensStateAndNeedsOfPowerSign() {
        Cli r = Cli.run("rule", "show", "sign(g) sign(m) id id mul #0 g exp id mul");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("tokens:        sign(g) sign(m) id id mul #0 g exp id mul"), r.out);
        assertTrue(r.out.contains("groups:        2"), r.out);
        assertTrue(r.out.contains("state:         m (1 slot per parameter = 4 bytes per parameter at float32)"), r.out);
        assertTrue(r.out.contains("random:        no"), r.out);
        assertTrue(r.out.contains("total steps:   not needed"), r.out);
        assertTrue(r.out.contains("weights:       not read"), r.out);
    }

    @Test
    void wordsAreJoinedSoTokensNeedNoQuotes() {
        Cli r = Cli.run("rule", "show", "adam", "eps", "id", "id", "add");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("state:         m, v (2 slots per parameter = 8 bytes per parameter at float32)"), r.out);
        assertTrue(r.out.contains("random:        yes"), r.out);
    }

    @Test
    void decayAndWeightsAreReported() {
        Cli r = Cli.run("rule", "show", "g ld id id mul #0 1e-3*w id id add");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("total steps:   needed"), r.out);
        assertTrue(r.out.contains("weights:       read"), r.out);
        assertTrue(r.out.contains("state:         none"), r.out);
    }

    @Test
    void aBadRuleExitsWithTwoAndShowsTheCaret() {
        Cli r = Cli.run("rule", "show", "g m bogus id add");
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("nos rule show: bad rule at position 4"), r.err);
        assertTrue(r.err.contains("\n  g m bogus id add\n      ^"), r.err);
        assertEquals("", r.out);
    }

    @Test
    void infixRuleShowsBothFormsKeyAndFingerprint() {
        Cli r = Cli.run("rule", "show", "exp(sign(g)*sign(m))*g");
        assertEquals(0, r.exitCode, r.toString());
        dev.nos.rule.Rule rule = dev.nos.rule.Rule.parse("exp(sign(g) * sign(m)) * g");
        assertTrue(r.out.contains("infix:         exp(sign(g) * sign(m)) * g"), r.out);
        assertTrue(r.out.contains("tokens:        " + rule.tokens()), r.out);
        assertTrue(r.out.contains("canonical key: " + dev.nos.rule.equiv.CanonicalKey.of(rule)), r.out);
        assertTrue(r.out.contains("fingerprint:   " + dev.nos.rule.equiv.Fingerprint.of(rule)), r.out);
    }

    @Test
    void spaceCheckSaysInOrWhyNot() {
        Cli in = Cli.run("rule", "show", "--space", "small", "exp(sign(g) * sign(m)) * g");
        assertEquals(0, in.exitCode, in.toString());
        assertTrue(in.out.contains("space small:2: in the space"), in.out);
        Cli out = Cli.run("rule", "show", "--space", "small:1", "adam + eps");
        assertEquals(1, out.exitCode, out.toString());
        assertTrue(out.out.contains("space small:1: NOT in the space: operand eps"), out.out);
        Cli bad = Cli.run("rule", "show", "--space", "tiny", "g");
        assertEquals(2, bad.exitCode, bad.toString());
        assertTrue(bad.err.contains("unknown search space 'tiny'"), bad.err);
    }

    @Test
    void aBadInfixRuleShowsTheCaretUnderTheProblem() {
        Cli r = Cli.run("rule", "show", "exp(g");
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("position 5"), r.err);
        assertTrue(r.err.contains("\n  exp(g\n       ^"), r.err);
    }
}
