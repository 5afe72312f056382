package dev.nos.cli;

/** Bad user input (a file, a flag value, a name). Its message says what and where; {@code nos} exits with 2. */
public class InputException extends RuntimeException {
    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
