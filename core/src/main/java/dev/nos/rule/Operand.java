package dev.nos.rule;

import java.util.Objects;

/**
 * One operand of the update-rule language (docs/rule-language.md, "Operands"), or the result of an earlier group.
 *
 * <p>Parameterised operands: {@link Kind#WEIGHT} carries its scale (1e-4 ... 1e-1), {@link Kind#CD} and
 * {@link Kind#RD} carry their number of periods n, {@link Kind#RESULT} carries the index of the earlier group.
 */
public record Operand(Kind kind, double param) {

    /** The operand kinds. {@code token} is the text used in both the token and the infix form. */
    public enum Kind {
        G("g", false), G2("g^2", false), G3("g^3", false),
        M("m", false), V("v", false), GAMMA("gamma", false),
        SIGN_G("sign(g)", false), SIGN_M("sign(m)", false),
        ONE("1", true), TWO("2", true),
        EPS("eps", false),
        WEIGHT("w", false),
        ADAM("adam", false), RMSPROP("rmsprop", false),
        LD("ld", true), CD("cd", true), RD("rd", true),
        EPS_T("eps_t", false),
        RESULT("#", false);

        private final String token;
        private final boolean scalar;

        Kind(String token, boolean scalar) {
            this.token = token;
            this.scalar = scalar;
        }

        public String token() {
            return token;
        }

        /** True when the operand has one value for all elements at a given step (constants and decays). */
        public boolean isScalar() {
            return scalar;
        }
    }

    public static final double CD_DEFAULT_PERIODS = 0.5;

    public static final Operand G_ = of(Kind.G);
    public static final Operand G2_ = of(Kind.G2);
    public static final Operand G3_ = of(Kind.G3);
    public static final Operand M_ = of(Kind.M);
    public static final Operand V_ = of(Kind.V);
    public static final Operand GAMMA_ = of(Kind.GAMMA);
    public static final Operand SIGN_G_ = of(Kind.SIGN_G);
    public static final Operand SIGN_M_ = of(Kind.SIGN_M);
    public static final Operand ONE_ = of(Kind.ONE);
    public static final Operand TWO_ = of(Kind.TWO);
    public static final Operand EPS_ = of(Kind.EPS);
    public static final Operand ADAM_ = of(Kind.ADAM);
    public static final Operand RMSPROP_ = of(Kind.RMSPROP);
    public static final Operand LD_ = of(Kind.LD);
    public static final Operand CD_ = cd(CD_DEFAULT_PERIODS);
    public static final Operand EPS_T_ = of(Kind.EPS_T);

    public Operand {
        Objects.requireNonNull(kind, "kind");
        switch (kind) {
            case WEIGHT -> {
                if (!(param > 0) || Double.isInfinite(param)) {
                    throw new IllegalArgumentException("weight operand scale must be positive, got " + param);
                }
            }
            case CD, RD -> {
                if (!(param > 0) || Double.isInfinite(param)) {
                    throw new IllegalArgumentException(kind.token + " needs a positive number of periods, got " + param);
                }
            }
            case RESULT -> {
                if (param < 0 || param != Math.rint(param) || param > 3) {
                    throw new IllegalArgumentException("a result operand names group 0 to 3, got " + param);
                }
            }
            default -> {
                if (param != 0) {
                    throw new IllegalArgumentException(kind.token + " takes no parameter");
                }
            }
        }
    }

    public static Operand of(Kind kind) {
        return new Operand(kind, 0);
    }

    /** {@code 1e-4*w} is {@code weight(1e-4)}. */
    public static Operand weight(double scale) {
        return new Operand(Kind.WEIGHT, scale);
    }

    public static Operand cd(double periods) {
        return new Operand(Kind.CD, periods);
    }

    public static Operand rd(double periods) {
        return new Operand(Kind.RD, periods);
    }

    /** The result of group {@code index}, written {@code #index}. */
    public static Operand result(int index) {
        return new Operand(Kind.RESULT, index);
    }

    public boolean isResult() {
        return kind == Kind.RESULT;
    }

    public int resultIndex() {
        if (kind != Kind.RESULT) {
            throw new IllegalStateException(this + " is not a group result");
        }
        return (int) param;
    }

    /** True for operands drawn at random every step ({@code eps}, {@code eps_t}). */
    public boolean isRandom() {
        return kind == Kind.EPS || kind == Kind.EPS_T;
    }

    /** The text of this operand, the same in the token and the infix form: {@code g}, {@code 1e-3*w} (scales below 1 in
     * scientific form), {@code cd(2)}, {@code #1}. */
    public String token() {
        return switch (kind) {
            case WEIGHT -> Numbers.formatScale(param) + "*w";
            case CD -> param == CD_DEFAULT_PERIODS ? "cd" : "cd(" + Numbers.format(param) + ")";
            case RD -> "rd(" + Numbers.format(param) + ")";
            case RESULT -> "#" + (int) param;
            default -> kind.token;
        };
    }

    @Override
    public String toString() {
        return token();
    }
}
