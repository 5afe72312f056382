package dev.nos.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * One case of {@code nos rule trace}: a rule, the starting weights, one gradient per step, the learning
 * rate, the total number of steps T (default: the number of gradients) and a seed (default 0).
 */
record TraceCase(String rule, double[] weights, double[][] gradients, double learningRate, long totalSteps, long seed) {

    private static final Set<String> FIELDS = Set.of("rule", "weights", "gradients", "learningRate", "totalSteps", "seed");

    /**
     * Reads a case from its JSON object.
     *
     * @throws IllegalArgumentException naming the field that is missing or wrong
     */
    static TraceCase from(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a case must be a JSON object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            String field = it.next().getKey();
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("unknown field \"" + field + "\" (known: rule, weights, gradients, "
                        + "learningRate, totalSteps, seed)");
            }
        }
        JsonNode ruleNode = node.get("rule");
        if (ruleNode == null || !ruleNode.isTextual()) {
            throw new IllegalArgumentException("\"rule\" must be a string");
        }
        double[] weights = numbers(node.get("weights"), "\"weights\"");
        if (weights.length == 0) {
            throw new IllegalArgumentException("\"weights\" must not be empty");
        }
        JsonNode gradNode = node.get("gradients");
        if (gradNode == null || !gradNode.isArray()) {
            throw new IllegalArgumentException("\"gradients\" must be an array of arrays of numbers, one per step");
        }
        double[][] gradients = new double[gradNode.size()][];
        for (int i = 0; i < gradients.length; i++) {
            gradients[i] = numbers(gradNode.get(i), "\"gradients\"[" + i + "]");
            if (gradients[i].length != weights.length) {
                throw new IllegalArgumentException("\"gradients\"[" + i + "] has " + gradients[i].length
                        + " numbers but \"weights\" has " + weights.length);
            }
        }
        JsonNode lrNode = node.get("learningRate");
        if (lrNode == null || !lrNode.isNumber() || !Double.isFinite(lrNode.asDouble())) {
            throw new IllegalArgumentException("\"learningRate\" must be a finite number");
        }
        long totalSteps = longField(node, "totalSteps", gradients.length);
        if (totalSteps < 1) {
            throw new IllegalArgumentException("\"totalSteps\" must be at least 1, got " + totalSteps);
        }
        long seed = longField(node, "seed", 0);
        return new TraceCase(ruleNode.asText(), weights, gradients, lrNode.asDouble(), totalSteps, seed);
    }

    private static double[] numbers(JsonNode n, String what) {
        if (n == null || !n.isArray()) {
            throw new IllegalArgumentException(what + " must be an array of numbers");
        }
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = n.get(i);
            if (!e.isNumber()) {
                throw new IllegalArgumentException(what + "[" + i + "] is not a number: " + e);
            }
            out[i] = e.asDouble();
        }
        return out;
    }

    private static long longField(JsonNode node, String field, long fallback) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a whole number, got " + n);
        }
        return n.asLong();
    }
}
