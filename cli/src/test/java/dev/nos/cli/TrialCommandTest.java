package dev.nos.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nos.rule.Rule;
import dev.nos.trial.SyntheticReward;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code nos trial}: one request in, one record out; exit 0 for any finished trial, 2 for a bad request. */
class TrialCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String G = Rule.parseInfix("g").tokens();
    private static final String POWERSIGN_TOKENS = Rule.parseInfix("exp(sign(g) * sign(m)) * g").tokens();

    @TempDir
    Path tmp;

    private Path request(String json) throws Exception {
        Path f = Files.createTempFile(tmp, "request", ".json");
        Files.writeString(f, json);
        return f;
    }

    private static String synthetic(String rule) {
        return "{\"version\":1,\"id\":7,\"rule\":\"" + rule + "\",\"seed\":1,\"splitSeed\":0,\"reward\":\"synthetic\"}";
    }

    @Test
    void aRequestGivesItsRecordOnStdout() throws Exception {
        Cli r = Cli.run("trial", "--request", request(synthetic(POWERSIGN_TOKENS)).toString());
        assertEquals(0, r.exitCode, r.toString());
        JsonNode record = JSON.readTree(r.out);
        assertEquals(7, record.get("id").asLong());
        assertEquals("OK", record.get("status").asText());
        assertEquals(SyntheticReward.of(Rule.parseTokens(POWERSIGN_TOKENS)), record.get("reward").asDouble());
        assertEquals(1.0, record.get("reward").asDouble(), "PowerSign is the synthetic reward's target");
    }

    @Test
    void outWritesTheRecordToAFileInstead() throws Exception {
        Path out = tmp.resolve("sub/record.json");
        Cli r = Cli.run("trial", "--request", request(synthetic(G)).toString(), "--out", out.toString());
        assertEquals(0, r.exitCode, r.toString());
        assertEquals("", r.out, "nothing on stdout with --out");
        JsonNode record = JSON.readTree(Files.readString(out));
        assertEquals(SyntheticReward.of(Rule.parseInfix("g")), record.get("reward").asDouble());
        try (var files = Files.list(out.getParent())) {
            assertEquals(1, files.count(), "no temporary file left beside the record");
        }
    }

    @Test
    void theTerminationLogGetsTheRecordInPlace() throws Exception {
        Path log = Files.createFile(tmp.resolve("termination-log"));
        Cli r = Cli.run("trial", "--request", request(synthetic(G)).toString(), "--termination-log", log.toString());
        assertEquals(0, r.exitCode, r.toString());
        assertEquals(r.out.strip(), Files.readString(log), "the same record, written in place");
        assertTrue(Files.size(log) < TrialCommand.TERMINATION_MESSAGE_LIMIT);
    }

    /** What a worker pod runs: the request in an environment variable, the record to the termination log. */
    @Test
    void aWorkerPodsCommandLine() throws Exception {
        Path log = Files.createFile(tmp.resolve("termination-log"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", cp, NosCommand.class.getName(), "trial", "--request-env",
                "NOS_TRIAL_REQUEST", "--termination-log", log.toString()).redirectErrorStream(true);
        pb.environment().put("NOS_TRIAL_REQUEST", synthetic(POWERSIGN_TOKENS));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), output);
        assertEquals(0, p.exitValue(), output);
        JsonNode record = JSON.readTree(Files.readString(log));
        assertEquals(7, record.get("id").asLong());
        assertEquals(1.0, record.get("reward").asDouble());
    }

    @Test
    void aRuleForPeople() {
        Cli r = Cli.run("trial", "--rule", "sign(g)", "--reward", "synthetic");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("\"ruleInfix\":\"sign(g)\""), r.out);
        assertTrue(r.err.contains("reward"), r.err);
    }

    @Test
    void badRequestsExitTwoNamingTheField() throws Exception {
        String[][] cases = {
                {"{\"version\":1,\"rule\":\"" + G + "\",\"reward\":\"synthetic\"}", "seed: missing"},
                {"{\"version\":1,\"rule\":\"" + G + "\",\"seed\":1,\"reward\":\"synthetic\",\"sed\":2}", "sed: unknown field"},
                {"{\"version\":2,\"rule\":\"" + G + "\",\"seed\":1,\"splitSeed\":0,\"reward\":\"synthetic\"}", "version: this nos reads version 1"},
                {"{\"version\":1,\"rule\":\"g q\",\"seed\":1,\"reward\":\"synthetic\"}", "rule: "},
                {"{\"version\":1,\"rule\":\"" + G + "\",\"seed\":1,\"reward\":\"magic\"}", "reward: unknown reward 'magic'"},
                {"{\"version\":1,\"rule\":\"" + G + "\",\"seed\":\"one\",\"reward\":\"synthetic\"}", "seed: "},
                {"{\"version\":1,\"rule\":\"" + G + "\",\"seed\":1,\"reward\":\"child\",\"preset\":\"quick\",\"dataset\":\"fashion-mnist\"}", "splitSeed: missing"},
                {"{\"version\":1,\"rule\":\"" + G + "\",\"seed\":1,\"splitSeed\":0,\"reward\":\"child\",\"preset\":\"huge\",\"dataset\":\"fashion-mnist\"}", "preset: unknown preset 'huge'"},
                {"{\"version\":1,\"rule\":\"" + G + "\",\"seed\":1,\"splitSeed\":0,\"reward\":\"child\",\"preset\":\"quick\",\"dataset\":\"mnist-9\"}", "dataset: "},
                {"{\"version\":1,\"rule\":\"" + G + "\",\"seed\":1,\"splitSeed\":0,\"reward\":\"child\",\"preset\":\"quick\",\"dataset\":\"fashion-mnist\",\"overrides\":{\"trainExamples\":0}}", "overrides.trainExamples: must be at least 1"},
                {"[1, 2]", "(json): a request is a JSON object"},
                {"{\"version\":1,", "(json): not JSON"},
        };
        for (String[] c : cases) {
            Cli r = Cli.run("trial", "--request", request(c[0]).toString());
            assertEquals(2, r.exitCode, c[0] + "\n" + r);
            assertTrue(r.err.contains("bad request: " + c[1]), "expected '" + c[1] + "' for " + c[0] + "\n" + r);
            assertEquals("", r.out);
        }
        Cli missing = Cli.run("trial", "--request", tmp.resolve("nope.json").toString());
        assertEquals(2, missing.exitCode, missing.toString());
        assertTrue(missing.err.contains("no such request file"), missing.toString());
        Cli both = Cli.run("trial");
        assertEquals(2, both.exitCode, both.toString());
    }

    /**
     * A rule that diverges is a finished trial: exit 0, status DIVERGED, reward 0. Real training on tiny data; plain
     * SGD with a learning rate of 1e30 overflows the weights on its first step.
     */
    @Test
    void aDivergingRuleIsAResultNotAnError() throws Exception {
        String json = smallChildRequest(3, "data", "\"learningRates\":[1e30]");
        Cli r = Cli.run("trial", "--request", request(json).toString());
        assertEquals(0, r.exitCode, r.toString());
        JsonNode record = JSON.readTree(r.out);
        assertEquals("DIVERGED", record.get("status").asText(), r.out);
        assertEquals(0.0, record.get("reward").asDouble());
    }

    @Test
    void aRequestCanAskForTheRateRefinement() throws Exception {
        String json = smallChildRequest(4, "data-refine", "\"learningRates\":[1e-2,1e-1],\"refineLearningRate\":true");
        Cli r = Cli.run("trial", "--request", request(json).toString());
        assertEquals(0, r.exitCode, r.toString());
        JsonNode record = JSON.readTree(r.out);
        assertEquals("OK", record.get("status").asText(), r.out);
        assertTrue(record.get("accuracyPerLearningRate").size() > 2, "refined rates beside the grid's two: " + r.out);
    }

    /** A request for rule g on a 400-image dataset written to {@code folder}, with extra overrides. */
    private String smallChildRequest(int id, String folder, String overrides) throws Exception {
        Path data = tmp.resolve(folder);
        Files.createDirectories(data);
        EvaluateCommandTest.writeIdx(data, "train", 400, 1);
        EvaluateCommandTest.writeIdx(data, "t10k", 100, 2);
        return "{\"version\":1,\"id\":" + id + ",\"rule\":\"" + Rule.parseInfix("g").tokens() + "\",\"seed\":1,"
                + "\"splitSeed\":0,\"reward\":\"child\",\"preset\":\"quick\",\"dataset\":\"fashion-mnist\","
                + "\"data\":\"" + data + "\",\"overrides\":{\"trainExamples\":200,\"validationSize\":100,"
                + overrides + "}}";
    }
}
