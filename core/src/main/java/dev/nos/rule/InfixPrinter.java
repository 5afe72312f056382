package dev.nos.rule;

/**
 * Prints an expression in infix form, the normal form of a rule: binary operators with spaces around them
 * ({@code exp(sign(g) * sign(m)) * g}), functions as calls ({@code log(abs(x))}, {@code sqrt(abs(x))},
 * {@code clip(x, 1e-5)}, {@code drop(x, 0.3)}), unary minus as {@code -x}, and as few parentheses as re-parse to the
 * same tree, plus a few for readability: a negation on the right of a binary operator or under a negation
 * ({@code a - (-b)}, {@code -(-b)}), and {@code g^2}, {@code g^3} and weight operands on either side of {@code ^}
 * ({@code (g^2) ^ m}, {@code 2 ^ (1e-3*w)}).
 *
 * <p>{@code g ^ 2} (the operand g raised to the constant 2) prints as {@code g^2}, which parses back to the
 * operand {@code g^2}: they compute the same value, and {@code CanonicalKey} identifies them.
 */
public final class InfixPrinter {
    private InfixPrinter() {}

    // precedence levels: 1 + -, 2 * /, 3 unary minus, 4 ^, 5 primary
    private static final int SUM = 1;
    private static final int PRODUCT = 2;
    private static final int NEGATION = 3;
    private static final int POWER = 4;
    private static final int PRIMARY = 5;

    public static String print(Expr e) {
        StringBuilder sb = new StringBuilder();
        print(e, 0, sb);
        return sb.toString();
    }

    private static int level(Expr e) {
        if (e instanceof Expr.Combine c) {
            if (isSquareOfG(c)) {
                return PRIMARY;
            }
            return switch (c.function()) {
                case ADD, SUB -> SUM;
                case MUL, DIV -> PRODUCT;
                case POW -> POWER;
                case KEEP -> throw new IllegalArgumentException("keep-left has no infix form");
            };
        }
        if (e instanceof Expr.Apply a && a.function().kind() == UnaryFunction.Kind.NEG) {
            return NEGATION;
        }
        if (e instanceof Expr.Apply a && a.function().isIdentity()) {
            return level(a.argument());
        }
        return PRIMARY;
    }

    /** {@code g ^ 2}: printed as the operand {@code g^2}. */
    static boolean isSquareOfG(Expr.Combine c) {
        return c.function() == BinaryFunction.POW && c.left() instanceof Expr.Leaf l && l.operand().kind() == Operand.Kind.G
                && c.right() instanceof Expr.Leaf r && r.operand().kind() == Operand.Kind.TWO;
    }

    private static boolean isNegation(Expr e) {
        return e instanceof Expr.Apply a && a.function().kind() == UnaryFunction.Kind.NEG;
    }

    /** Operands whose text contains an operator character: parenthesised next to {@code ^}. */
    private static boolean isCompoundOperand(Expr e) {
        if (e instanceof Expr.Combine c) {
            return isSquareOfG(c);
        }
        if (e instanceof Expr.Leaf l) {
            Operand.Kind k = l.operand().kind();
            return k == Operand.Kind.G2 || k == Operand.Kind.G3 || k == Operand.Kind.WEIGHT;
        }
        return false;
    }

    private static void print(Expr e, int minLevel, StringBuilder sb) {
        boolean parens = level(e) < minLevel;
        if (parens) {
            sb.append('(');
        }
        printBare(e, sb);
        if (parens) {
            sb.append(')');
        }
    }

    private static void printBare(Expr e, StringBuilder sb) {
        if (e instanceof Expr.Leaf l) {
            sb.append(l.operand().token());
        } else if (e instanceof Expr.Apply a) {
            printApply(a, sb);
        } else {
            Expr.Combine c = (Expr.Combine) e;
            if (isSquareOfG(c)) {
                sb.append(Operand.G2_.token());
                return;
            }
            int leftMin;
            int rightMin;
            switch (c.function()) {
                case ADD, SUB -> {
                    leftMin = SUM;
                    rightMin = PRODUCT;
                }
                case MUL, DIV -> {
                    leftMin = PRODUCT;
                    rightMin = NEGATION;
                }
                default -> { // POW: right-associative
                    leftMin = PRIMARY;
                    rightMin = POWER;
                }
            }
            boolean pow = c.function() == BinaryFunction.POW;
            if (pow && isCompoundOperand(c.left())) {
                leftMin = Integer.MAX_VALUE;
            }
            if (isNegation(c.right()) || (pow && isCompoundOperand(c.right()))) {
                rightMin = Integer.MAX_VALUE;
            }
            print(c.left(), leftMin, sb);
            sb.append(' ').append(c.function().symbol()).append(' ');
            print(c.right(), rightMin, sb);
        }
    }

    private static void printApply(Expr.Apply a, StringBuilder sb) {
        UnaryFunction f = a.function();
        switch (f.kind()) {
            case NEG -> {
                sb.append('-');
                print(a.argument(), isNegation(a.argument()) ? Integer.MAX_VALUE : POWER, sb);
            }
            case LOG, SQRT -> {
                sb.append(f.kind().token()).append("(abs(");
                print(a.argument(), 0, sb);
                sb.append("))");
            }
            case CLIP, DROP -> {
                sb.append(f.kind().token()).append('(');
                print(a.argument(), 0, sb);
                sb.append(", ").append(f.kind() == UnaryFunction.Kind.CLIP ? Numbers.formatScale(f.param()) : Numbers.format(f.param()))
                        .append(')');
            }
            case ID -> printBare(a.argument(), sb);
            default -> { // EXP, SIGN
                sb.append(f.kind().token()).append('(');
                print(a.argument(), 0, sb);
                sb.append(')');
            }
        }
    }
}
