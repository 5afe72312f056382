package dev.nos.rule;

import java.util.Objects;

/**
 * A unary function of the language (docs/rule-language.md, "Unary functions"). {@link Kind#CLIP} carries its
 * bound l (clip to [-l, l]) and {@link Kind#DROP} its probability p of setting an element to zero.
 */
public record UnaryFunction(Kind kind, double param) {

    public enum Kind {
        /** x */
        ID("id"),
        /** -x */
        NEG("neg"),
        /** e^x */
        EXP("exp"),
        /** log|x| */
        LOG("log"),
        /** sqrt|x| */
        SQRT("sqrt"),
        /** clip(x, l) */
        CLIP("clip"),
        /** drop(x, p) */
        DROP("drop"),
        /** sign(x) */
        SIGN("sign");

        private final String token;

        Kind(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }
    }

    public static final UnaryFunction ID_ = of(Kind.ID);
    public static final UnaryFunction NEG_ = of(Kind.NEG);
    public static final UnaryFunction EXP_ = of(Kind.EXP);
    public static final UnaryFunction LOG_ = of(Kind.LOG);
    public static final UnaryFunction SQRT_ = of(Kind.SQRT);
    public static final UnaryFunction SIGN_ = of(Kind.SIGN);

    public UnaryFunction {
        Objects.requireNonNull(kind, "kind");
        switch (kind) {
            case CLIP -> {
                if (!(param > 0) || Double.isInfinite(param)) {
                    throw new IllegalArgumentException("clip needs a positive bound, got " + param);
                }
            }
            case DROP -> {
                if (!(param > 0 && param < 1)) {
                    throw new IllegalArgumentException("drop needs a probability in (0, 1), got " + param);
                }
            }
            default -> {
                if (param != 0) {
                    throw new IllegalArgumentException(kind.token + " takes no parameter");
                }
            }
        }
    }

    public static UnaryFunction of(Kind kind) {
        return new UnaryFunction(kind, 0);
    }

    public static UnaryFunction clip(double bound) {
        return new UnaryFunction(Kind.CLIP, bound);
    }

    public static UnaryFunction drop(double probability) {
        return new UnaryFunction(Kind.DROP, probability);
    }

    public boolean isIdentity() {
        return kind == Kind.ID;
    }

    public boolean isRandom() {
        return kind == Kind.DROP;
    }

    /** Token-form text: {@code id}, {@code exp}, {@code clip(1e-5)}, {@code drop(0.3)}. */
    public String token() {
        return switch (kind) {
            case CLIP -> kind.token + "(" + Numbers.formatScale(param) + ")";
            case DROP -> kind.token + "(" + Numbers.format(param) + ")";
            default -> kind.token;
        };
    }

    /** Applies the function to one value; {@code uniform} in [0, 1) is used by {@code drop} only. */
    public double apply(double x, double uniform) {
        return switch (kind) {
            case ID -> x;
            case NEG -> -x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(Math.abs(x));
            case SQRT -> Math.sqrt(Math.abs(x));
            case CLIP -> Math.max(-param, Math.min(param, x));
            case DROP -> uniform < param ? 0.0 : x;
            case SIGN -> Math.signum(x);
        };
    }

    @Override
    public String toString() {
        return token();
    }
}
