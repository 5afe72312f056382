package dev.nos.rule;

/** A binary function of the language (docs/rule-language.md, "Binary functions"). Division is x / (y + delta). */
public enum BinaryFunction {
    ADD("add", "+"),
    SUB("sub", "-"),
    MUL("mul", "*"),
    DIV("div", "/"),
    POW("pow", "^"),
    /** keep left: (x, y) -> x */
    KEEP("keep", null);

    /** delta of x / (y + delta), the paper's 1e-8. */
    public static final double DELTA = 1e-8;

    private final String token;
    private final String symbol;

    BinaryFunction(String token, String symbol) {
        this.token = token;
        this.symbol = symbol;
    }

    /** Token-form text. */
    public String token() {
        return token;
    }

    /** Infix operator symbol, or null for {@link #KEEP}, which has none. */
    public String symbol() {
        return symbol;
    }

    public double apply(double x, double y) {
        return switch (this) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / (y + DELTA);
            case POW -> Math.pow(x, y);
            case KEEP -> x;
        };
    }

    public static BinaryFunction fromToken(String token) {
        for (BinaryFunction b : values()) {
            if (b.token.equals(token)) {
                return b;
            }
        }
        return null;
    }
}
