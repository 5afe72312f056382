package dev.nos.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nos.rule.Rule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;

/**
 * {@code nos rule trace}: runs rules on given gradients with the real updater and prints the weights after
 * every step. Input {@code {"cases": [{"rule", "weights", "gradients", "learningRate", "totalSteps", "seed"}]}},
 * output {@code {"results": [{"rule", "weights": [[...], ...]}]}} in the same order; a case that cannot run
 * has {@code "error"} in place of {@code "weights"} and the others still run.
 */
@Command(name = "trace", mixinStandardHelpOptions = true,
        header = "Run rules on given gradients; print the weights after each step.",
        description = {"Run rules on given gradients with the real updater and print the weights",
                "after each step.",
                "Input:  {\"cases\": [{\"rule\": \"<infix>\", \"weights\": [...],",
                "          \"gradients\": [[...], ...], \"learningRate\": 0.01,",
                "          \"totalSteps\": 12, \"seed\": 1}]}",
                "(totalSteps defaults to the number of gradients, seed to 0).",
                "Output: {\"results\": [{\"rule\": \"...\", \"weights\": [[...], ...]}]};",
                "a case that fails has \"error\" in place of \"weights\"."})
final class RuleTraceCommand extends NosSubcommand {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "The cases as JSON; - for stdin.")
    String input;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the results here instead of stdout.")
    File output;

    @Override
    protected int run() {
        JsonNode root = read();
        JsonNode cases = root.isObject() ? root.get("cases") : null;
        if (cases == null || !cases.isArray()) {
            throw new InputException(where() + ": expected an object with a \"cases\" array");
        }
        ObjectNode result = MAPPER.createObjectNode();
        ArrayNode results = result.putArray("results");
        for (int i = 0; i < cases.size(); i++) {
            results.add(runCase(cases.get(i)));
        }
        try {
            String text = MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result);
            if (output == null) {
                out().println(text);
            } else {
                Files.writeString(output.toPath(), text + System.lineSeparator());
            }
        } catch (IOException e) {
            throw new InputException("cannot write " + output + ": " + e.getMessage(), e);
        }
        return ExitCodes.OK;
    }

    private ObjectNode runCase(JsonNode node) {
        ObjectNode out = MAPPER.createObjectNode();
        JsonNode ruleNode = node != null && node.isObject() ? node.get("rule") : null;
        out.put("rule", ruleNode != null && ruleNode.isTextual() ? ruleNode.asText() : null);
        try {
            TraceCase c = TraceCase.from(node);
            Rule rule = Rule.parse(c.rule());
            double[][] steps = TraceRunner.run(rule, c);
            ArrayNode weights = out.putArray("weights");
            for (double[] row : steps) {
                ArrayNode r = weights.addArray();
                for (double v : row) {
                    r.add(v);
                }
            }
        } catch (RuntimeException e) {
            out.put("error", e.getMessage() == null ? e.toString() : e.getMessage());
        }
        return out;
    }

    private JsonNode read() {
        try {
            if ("-".equals(input)) {
                InputStream in = System.in;
                return MAPPER.readTree(in);
            }
            return MAPPER.readTree(Files.readAllBytes(new File(input).toPath()));
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String at = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new InputException("bad JSON in " + where() + at + ": " + e.getOriginalMessage(), e);
        } catch (NoSuchFileException e) {
            throw new InputException("no such file: " + input, e);
        } catch (IOException e) {
            throw new InputException("cannot read " + where() + ": " + e.getMessage(), e);
        }
    }

    private String where() {
        return "-".equals(input) ? "stdin" : input;
    }
}
