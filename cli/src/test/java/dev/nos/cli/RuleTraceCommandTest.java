package dev.nos.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode trace(Path dir, String input) throws Exception {
        Path f = dir.resolve("in.json");
        Files.writeString(f, input);
        Cli r = Cli.run("rule", "trace", "--input", f.toString());
        assertEquals(0, r.exitCode, r.toString());
        return JSON.readTree(r.out).get("results");
    }

    private static void assertRow(JsonNode row, double... expected) {
        assertEquals(expected.length, row.size(), row.toString());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], row.get(i).asDouble(), 1e-12, "element " + i + " of " + row);
        }
    }

    @Test
    void sgdTraceMatchesHandComputedSteps(@TempDir Path dir) throws Exception {
        JsonNode results = trace(dir, "{\"cases\": [{\"rule\": \"g\", \"weights\": [1.0, -2.0],"
                + " \"gradients\": [[0.5, -1.0], [2.0, 4.0]], \"learningRate\": 0.1}]}");
        assertEquals(1, results.size());
        assertEquals("g", results.get(0).get("rule").asText());
        JsonNode w = results.get(0).get("weights");
        assertEquals(2, w.size());
        assertRow(w.get(0), 0.95, -1.9);   // 1 - 0.1*0.5, -2 - 0.1*(-1)
        assertRow(w.get(1), 0.75, -2.3);   // 0.95 - 0.1*2, -1.9 - 0.1*4
    }

    @Test
    void weightRulesDecaysAndPowerSignRunForReal(@TempDir Path dir) throws Exception {
        JsonNode results = trace(dir, "{\"cases\": ["
                + "{\"rule\": \"g + 1e-1*w\", \"weights\": [1], \"gradients\": [[0], [0]], \"learningRate\": 0.5},"
                + "{\"rule\": \"ld * g\", \"weights\": [0], \"gradients\": [[1], [1]], \"learningRate\": 1, \"totalSteps\": 4},"
                + "{\"rule\": \"exp(sign(g) * sign(m)) * g\", \"weights\": [0], \"gradients\": [[1], [-1]],"
                + " \"learningRate\": 0.1, \"seed\": 3}]}");
        assertEquals(3, results.size());
        // weight decay: U = g + 0.1 w
        assertRow(results.get(0).get("weights").get(0), 1 - 0.5 * 0.1);
        assertRow(results.get(0).get("weights").get(1), 0.95 - 0.5 * 0.095);
        // ld = 1 - t/T with T = 4: steps t = 0 and 1
        assertRow(results.get(1).get("weights").get(0), -1.0);
        assertRow(results.get(1).get("weights").get(1), -1.75);
        // PowerSign: m agrees in sign with g at both steps (bias-corrected m: 1, then -0.0526) so U = e*g
        assertRow(results.get(2).get("weights").get(0), -0.1 * Math.E);
        assertRow(results.get(2).get("weights").get(1), 0.0);
    }

    @Test
    void aBadCaseGetsAnErrorAndTheOthersStillRun(@TempDir Path dir) throws Exception {
        JsonNode results = trace(dir, "{\"cases\": ["
                + "{\"rule\": \"g\", \"weights\": [1], \"gradients\": [[1]], \"learningRate\": 0.5},"
                + "{\"rule\": \"g +* m\", \"weights\": [1], \"gradients\": [[1]], \"learningRate\": 0.5},"
                + "{\"rule\": \"g\", \"weights\": [1, 2], \"gradients\": [[1]], \"learningRate\": 0.5},"
                + "{\"rule\": \"2 * g\", \"weights\": [1], \"gradients\": [[1]], \"learningRate\": 0.5}]}");
        assertEquals(4, results.size());
        assertRow(results.get(0).get("weights").get(0), 0.5);
        JsonNode bad = results.get(1);
        assertEquals("g +* m", bad.get("rule").asText());
        assertNull(bad.get("weights"));
        assertTrue(bad.get("error").asText().contains("position 3"), bad.toString());
        assertTrue(results.get(2).get("error").asText().contains("\"gradients\"[0] has 1 numbers but \"weights\" has 2"),
                results.get(2).toString());
        assertRow(results.get(3).get("weights").get(0), 0.0);
    }

    @Test
    void readsStdinWithADash() throws Exception {
        java.io.InputStream saved = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream(("{\"cases\": [{\"rule\": \"g\", \"weights\": [3],"
                    + " \"gradients\": [[1]], \"learningRate\": 1}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            Cli r = Cli.run("rule", "trace", "--input", "-");
            assertEquals(0, r.exitCode, r.toString());
            assertRow(JSON.readTree(r.out).get("results").get(0).get("weights").get(0), 2.0);
        } finally {
            System.setIn(saved);
        }
    }
}
