package dev.nos.rule;

/** Prints an expression in infix form. (Stub: implemented by the rule-language work.) */
public final class InfixPrinter {
    private InfixPrinter() {}

    public static String print(Expr e) {
        throw new UnsupportedOperationException("infix printing not implemented yet");
    }
}
