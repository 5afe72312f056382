package dev.nos.updater;

import static dev.nos.updater.NativeMemory.UNSAFE;

import java.lang.ref.Reference;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The hand-written fused kernel of PowerSign and AddSign: one pass, one state slot m. Per element:
 * m = beta m + (1 - beta) g; s = sign(g) sign(m); U = A(s) g; the gradient becomes lr * U, where A is a 3-way select
 * of per-step scalars (A(1), A(-1), A(0); NaN when s is NaN). PowerSign: A(s) = base^(f s); AddSign: alpha + f s.
 */
final class SignKernel {
    private SignKernel() {}

    /** Updates {@code gradient} in place; {@code m} is the state (same length, type, dense). */
    static void apply(INDArray gradient, INDArray m, double beta, double lr, double pos, double neg, double zero,
                      int threads) {
        if (!NativeMemory.isContiguous(gradient)) {
            INDArray copy = gradient.dup('c');
            apply(copy, m, beta, lr, pos, neg, zero, threads);
            gradient.assign(copy);
            return;
        }
        if (m == null) {
            throw new IllegalStateException("sign updater has not been initialized with its state (m)");
        }
        long n = gradient.length();
        if (m.length() != n) {
            throw new IllegalArgumentException("state m has " + m.length() + " elements but the gradient has " + n);
        }
        boolean isFloat = NativeMemory.isFloat(gradient, "the gradient");
        if (NativeMemory.isFloat(m, "state m") != isFloat || !NativeMemory.isContiguous(m)) {
            throw new IllegalArgumentException("state m must be dense and of the gradient's type " + gradient.dataType());
        }
        long g = NativeMemory.address(gradient);
        long ma = NativeMemory.address(m);
        try {
            ParallelRange.run(n, threads, (worker, from, to) -> {
                if (isFloat) {
                    runFloat(g, ma, from, to, beta, lr, pos, neg, zero);
                } else {
                    runDouble(g, ma, from, to, beta, lr, pos, neg, zero);
                }
            });
        } finally {
            Reference.reachabilityFence(gradient);
            Reference.reachabilityFence(m);
        }
    }

    private static final int BLOCK = 4096;

    /**
     * The fused loop over elements [from, to) of a FLOAT gradient at address g with m at address m; also runs
     * rule-language programs of this shape ({@link RuleProgram.Shape#SIGN_SELECT_TIMES_G}).
     */
    static void runFloat(long g, long m, long from, long to, double beta, double lr,
                                 double pos, double neg, double zero) {
        double b1 = 1 - beta;
        double[] table = {neg, zero, pos};
        for (long start = from; start < to; start += BLOCK) {
            int n = (int) Math.min(BLOCK, to - start);
            long gb = g + (start << 2);
            long mb = m + (start << 2);
            for (int j = 0; j < n; j++) {
                long off = (long) j << 2;
                double gi = UNSAFE.getFloat(gb + off);
                float mi = (float) (beta * UNSAFE.getFloat(mb + off) + b1 * gi);
                UNSAFE.putFloat(mb + off, mi);
                double a = table[signProduct(gi, mi) + 1];
                if (mi != mi) {
                    a = Double.NaN;
                }
                UNSAFE.putFloat(gb + off, (float) (lr * (a * gi)));
            }
        }
    }

    /** As {@link #runFloat}, for DOUBLE memory. */
    static void runDouble(long g, long m, long from, long to, double beta, double lr,
                                  double pos, double neg, double zero) {
        double b1 = 1 - beta;
        double[] table = {neg, zero, pos};
        for (long start = from; start < to; start += BLOCK) {
            int n = (int) Math.min(BLOCK, to - start);
            long gb = g + (start << 3);
            long mb = m + (start << 3);
            for (int j = 0; j < n; j++) {
                long off = (long) j << 3;
                double gi = UNSAFE.getDouble(gb + off);
                double mi = beta * UNSAFE.getDouble(mb + off) + b1 * gi;
                UNSAFE.putDouble(mb + off, mi);
                double a = table[signProduct(gi, mi) + 1];
                if (mi != mi) {
                    a = Double.NaN;
                }
                UNSAFE.putDouble(gb + off, lr * (a * gi));
            }
        }
    }

    /** sign(x) sign(y) in {-1, 0, 1} without branches (NaN counts as 0; callers handle NaN m). */
    static int signProduct(double x, double y) {
        int sx = (x > 0 ? 1 : 0) - (x < 0 ? 1 : 0);
        int sy = (y > 0 ? 1 : 0) - (y < 0 ? 1 : 0);
        return sx * sy;
    }
}
