package dev.nos.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class RuleTraceCommandTest {

    @Test
    void badJsonNamesTheFileAndTheLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("cases.json");
        Files.writeString(f, "{\"cases\": [\n  {\"rule\": \"g\",\n   \"weights\": [1, 2,]\n}]}");
        Cli r = Cli.run("rule", "trace", "--input", f.toString());
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("bad JSON in " + f), r.err);
        assertTrue(r.err.contains("line 3"), r.err);
    }

    @Test
    void missingCasesArrayIsBadInput(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.json");
        Files.writeString(f, "{\"case\": []}");
        Cli r = Cli.run("rule", "trace", "--input", f.toString());
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("\"cases\""), r.err);
    }

    @Test
    void missingFileIsBadInput(@TempDir Path dir) {
        Cli r = Cli.run("rule", "trace", "--input", dir.resolve("nope.json").toString());
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("no such file") && r.err.contains("nope.json"), r.err);
    }

    @Test
    void inputIsRequired() {
        Cli r = Cli.run("rule", "trace");
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("--input"), r.err);
    }
}
