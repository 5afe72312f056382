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
}
