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

    private static void runFloat(long g, long m, long from, long to, double beta, double lr,
                                 double pos, double neg, double zero) {
        double b1 = 1 - beta;
        for (long i = from; i < to; i++) {
            long ga = g + (i << 2);
            long ma = m + (i << 2);
            double gi = UNSAFE.getFloat(ga);
            float mi = (float) (beta * UNSAFE.getFloat(ma) + b1 * gi);
            UNSAFE.putFloat(ma, mi);
            double s = Math.signum(gi) * Math.signum(mi);
            double a = s > 0 ? pos : s < 0 ? neg : s == 0 ? zero : Double.NaN;
            UNSAFE.putFloat(ga, (float) (lr * (a * gi)));
        }
    }

    private static void runDouble(long g, long m, long from, long to, double beta, double lr,
                                  double pos, double neg, double zero) {
        double b1 = 1 - beta;
        for (long i = from; i < to; i++) {
            long ga = g + (i << 3);
            long ma = m + (i << 3);
            double gi = UNSAFE.getDouble(ga);
            double mi = beta * UNSAFE.getDouble(ma) + b1 * gi;
            UNSAFE.putDouble(ma, mi);
            double s = Math.signum(gi) * Math.signum(mi);
            double a = s > 0 ? pos : s < 0 ? neg : s == 0 ? zero : Double.NaN;
            UNSAFE.putDouble(ga, lr * (a * gi));
        }
    }
}
