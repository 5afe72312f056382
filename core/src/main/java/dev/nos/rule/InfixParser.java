package dev.nos.rule;

/** Parses the infix form. (Stub: implemented by the rule-language work.) */
final class InfixParser {
    private InfixParser() {}

    static Rule parse(String text) {
        throw new UnsupportedOperationException("infix parsing not implemented yet");
    }
}
