package dev.nos.cli;

import java.math.BigInteger;

/** How {@code nos space} writes a space's size: exactly, in scientific notation, and against the paper's range. */
final class SpaceSize {
    /** The paper: "typical search spaces hold 10^6 to 10^11 rules". */
    static final int PAPER_LOW_EXPONENT = 6;
    static final int PAPER_HIGH_EXPONENT = 11;

    private SpaceSize() {}

    /** {@code 1234567} becomes {@code 1.23e6}; numbers under 1000 are written as they are. */
    static String scientific(BigInteger n) {
        if (n.signum() < 0) {
            throw new IllegalArgumentException("a size is not negative, got " + n);
        }
        String digits = n.toString();
        if (digits.length() <= 3) {
            return digits;
        }
        java.math.BigDecimal rounded = new java.math.BigDecimal(n).round(new java.math.MathContext(3));
        String r = rounded.unscaledValue().toString();
        int exponent = rounded.precision() - rounded.scale() - 1;
        String mantissa = r.length() == 1 ? r : r.charAt(0) + "." + r.substring(1);
        mantissa = mantissa.contains(".") ? mantissa.replaceAll("0+$", "").replaceAll("\\.$", "") : mantissa;
        return mantissa + "e" + exponent;
    }

    /** log10 of a positive size. */
    static double log10(BigInteger n) {
        if (n.signum() <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        int shift = Math.max(0, n.bitLength() - 60);
        return Math.log10(n.shiftRight(shift).doubleValue()) + shift * Math.log10(2);
    }

    /** Where the size sits against the paper's 10^6 .. 10^11. */
    static String againstPaper(BigInteger n) {
        double l = log10(n);
        String where;
        if (l < PAPER_LOW_EXPONENT) {
            where = "below";
        } else if (l > PAPER_HIGH_EXPONENT) {
            where = "above";
        } else {
            where = "within";
        }
        return String.format("10^%.1f, %s the paper's 10^%d .. 10^%d", l, where, PAPER_LOW_EXPONENT, PAPER_HIGH_EXPONENT);
    }
}
