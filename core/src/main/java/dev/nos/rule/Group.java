package dev.nos.rule;

import java.util.Objects;

/** One group of five choices {@code op1 op2 u1 u2 b}, computing {@code b(u1(op1), u2(op2))}. */
public record Group(Operand left, Operand right, UnaryFunction leftUnary, UnaryFunction rightUnary, BinaryFunction binary) {
    public Group {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        Objects.requireNonNull(leftUnary, "leftUnary");
        Objects.requireNonNull(rightUnary, "rightUnary");
        Objects.requireNonNull(binary, "binary");
    }

    /** The five tokens of this group, separated by single spaces. */
    public String tokens() {
        return left.token() + " " + right.token() + " " + leftUnary.token() + " " + rightUnary.token() + " " + binary.token();
    }

    @Override
    public String toString() {
        return tokens();
    }
}
