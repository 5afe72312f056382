package dev.nos.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.*;

class NosCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "rule", "rule show", "rule trace", "rosenbrock", "space"})
    void everyCommandHasHelp(String command) {
        String[] words = command.isEmpty() ? new String[0] : command.split(" ");
        String[] args = java.util.Arrays.copyOf(words, words.length + 1);
        args[words.length] = "--help";
        Cli r = Cli.run(args);
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("Usage: nos"), r.toString());
        assertTrue(r.out.contains("--help"), r.toString());
    }

    @Test
    void unknownFlagExitsWithTwoAndNamesIt() {
        Cli r = Cli.run("rosenbrock", "--iteratons", "5");
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("--iteratons"), r.toString());
    }

    @Test
    void badNumberForAFlagExitsWithTwo() {
        Cli r = Cli.run("rosenbrock", "--iterations", "many");
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("--iterations") && r.err.contains("many"), r.toString());
    }

    @Test
    void noSubcommandPrintsUsageAndExitsWithTwo() {
        Cli r = Cli.run();
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("Usage: nos"), r.toString());
        Cli rule = Cli.run("rule");
        assertEquals(2, rule.exitCode, rule.toString());
        assertTrue(rule.err.contains("show or trace"), rule.toString());
    }

    @Test
    void unknownSubcommandExitsWithTwo() {
        Cli r = Cli.run("optimise");
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("optimise"), r.toString());
    }
}
