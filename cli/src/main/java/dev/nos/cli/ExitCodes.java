package dev.nos.cli;

/** The exit codes of {@code nos}. */
public final class ExitCodes {
    public static final int OK = 0;
    /** Something failed that is not the user's input. */
    public static final int FAILURE = 1;
    /** Bad input: flags, a rule, a file. Picocli also uses 2 for usage errors. */
    public static final int USAGE = 2;

    private ExitCodes() {}
}
