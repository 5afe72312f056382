package dev.nos.updater;

/**
 * Branch-free, vectorisable sign and 3-way select arithmetic for the kernels' hot loops.
 *
 * <p>{@link #sign} is sign(x) in {-1, 0, 1}, NaN for NaN, computed as a clamp (no compare-and-branch, so C2
 * vectorises loops of it). {@link #select} picks pos, neg or zero by a sign s in {-1, 0, 1} with products by 0 and
 * 1 and sums with zeros, which are exact: the result equals the table lookup bit for bit up to the sign of a zero
 * result. It is NaN when s is NaN. This holds only for finite table values (0 * inf is NaN), so the kernels use it
 * when {@link #exact} says so and fall back to a lookup otherwise.
 */
final class SignSelect {
    private SignSelect() {}

    /**
     * sign(x): -1, 0 (either sign) or 1, NaN for NaN. The smallest subnormal double times 2^1200 is 2^126 &gt; 1,
     * so every non-zero x clamps to exactly 1 or -1.
     */
    static double sign(double x) {
        return Math.min(Math.max(x * 0x1p600 * 0x1p600, -1.0), 1.0);
    }

    /** pos for s = 1, neg for s = -1, zero for s = 0 (or -0), NaN for s = NaN; valid when {@link #exact}. */
    static double select(double s, double pos, double neg, double zero) {
        double ip = Math.max(s, 0.0);
        double in = Math.max(-s, 0.0);
        return ip * pos + in * neg + (1.0 - ip - in) * zero;
    }

    /** True when {@link #select} with these values gives the table lookup (finite values, NaN maps to NaN). */
    static boolean exact(double pos, double neg, double zero, double nan) {
        return Double.isFinite(pos) && Double.isFinite(neg) && Double.isFinite(zero) && Double.isNaN(nan);
    }
}
