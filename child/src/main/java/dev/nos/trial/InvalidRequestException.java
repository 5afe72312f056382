package dev.nos.trial;

/** A trial request that cannot run as written: names the field and says what is wrong with it. */
public final class InvalidRequestException extends IllegalArgumentException {
    private final String field;

    public InvalidRequestException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public InvalidRequestException(String field, String problem, Throwable cause) {
        super(field + ": " + problem, cause);
        this.field = field;
    }

    /** The field, as a JSON path ({@code rule}, {@code overrides.learningRates}). */
    public String field() {
        return field;
    }
}
