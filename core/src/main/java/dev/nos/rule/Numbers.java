package dev.nos.rule;

import java.math.BigDecimal;

/** Prints the numeric parameters of the language (clip bounds, drop rates, periods) so that they parse back exactly. */
public final class Numbers {
    private Numbers() {}

    /** Shortest text that parses back to {@code x}: {@code 20}, {@code 0.5}, {@code 1e-5}. */
    public static String format(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return Long.toString((long) x);
        }
        BigDecimal d = new BigDecimal(Double.toString(x)).stripTrailingZeros();
        double abs = Math.abs(x);
        if (abs >= 1e-3 && abs < 1e6) {
            return d.toPlainString();
        }
        return scientific(d);
    }

    /**
     * Like {@link #format} but a number below 1 with one significant digit in scientific form, as the paper writes
     * weight scales and clip bounds: {@code 1e-3}, {@code 5e-2}, {@code 1e-1}; otherwise as {@link #format}
     * ({@code 0.25}, {@code 2}).
     */
    public static String formatScale(double x) {
        if (Math.abs(x) >= 1 || x == 0 || Double.isNaN(x) || Double.isInfinite(x)) {
            return format(x);
        }
        BigDecimal d = new BigDecimal(Double.toString(x)).stripTrailingZeros();
        return d.precision() == 1 ? scientific(d) : format(x);
    }

    private static String scientific(BigDecimal d) {
        // scientific, lower-case, no '+' and no trailing ".0": 1e-5, 2.5e-7
        String unscaled = d.unscaledValue().toString();
        boolean negative = unscaled.startsWith("-");
        String digits = negative ? unscaled.substring(1) : unscaled;
        int exponent = digits.length() - 1 - d.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (negative ? "-" : "") + mantissa + "e" + exponent;
    }
}
