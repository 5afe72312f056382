package dev.nos.trial;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.List;
import java.util.stream.Collectors;

/**
 * JSON for requests and records: one lenient mapper for logs (fields a newer nos added are skipped) and a strict
 * reader for requests handed to a worker, whose errors name the field.
 */
public final class TrialJson {
    /** Lenient: unknown fields are ignored (logs written by a newer nos still read). */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static final ObjectMapper STRICT = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /** Fields a hand-written request must have (the engine always writes every field). */
    private static final List<String> REQUIRED = List.of("version", "rule", "seed", "reward");

    private TrialJson() {}

    /**
     * Reads and checks one request; any problem is an {@link InvalidRequestException} naming the field ({@code (json)}
     * when the text is not JSON at all).
     */
    public static TrialRequest readRequest(String json) {
        JsonNode tree;
        try {
            tree = STRICT.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("(json)", "not JSON: " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidRequestException("(json)", "a request is a JSON object, got " + (tree == null ? "nothing"
                    : tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        for (String f : REQUIRED) {
            if (!tree.hasNonNull(f)) {
                throw new InvalidRequestException(f, "missing");
            }
        }
        if (RewardKind.CHILD.id().equals(tree.path("reward").asText()) && !tree.hasNonNull("splitSeed")) {
            throw new InvalidRequestException("splitSeed", "missing (a child trial needs the seed of its validation split)");
        }
        TrialRequest request;
        try {
            request = STRICT.treeToValue(tree, TrialRequest.class);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidRequestException(path(e), "unknown field; known: " + e.getKnownPropertyIds());
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
            throw new InvalidRequestException(path(e), why);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("(json)", e.getOriginalMessage());
        }
        request.validate();
        return request;
    }

    /** One line of JSON. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Indented JSON, for people. */
    public static String writePretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static String path(JsonMappingException e) {
        String p = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return p.isEmpty() ? "(json)" : p;
    }
}
