package dev.nos.kubernetes;

/** A search spec the schema accepted but nos cannot run: names the field (a JSON path under {@code spec}). */
public final class InvalidSpecException extends Exception {
    private final String field;

    public InvalidSpecException(String field, String problem) {
        super("spec." + field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
