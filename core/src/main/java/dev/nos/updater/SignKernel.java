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
        float fb = (float) beta;
        float fb1 = (float) (1 - beta);
        float[][] bufs = BUFFERS.get();
        float[] gs = bufs[0];
        float[] ms = bufs[1];
        double lpos = lr * pos;
        double lneg = lr * neg;
        double lzero = lr * zero;
        for (long start = from; start < to; start += BLOCK) {
            int n = (int) Math.min(BLOCK, to - start);
            long gb = g + (start << 2);
            long mb = m + (start << 2);
            UNSAFE.copyMemory(null, gb, gs, FLOATS, (long) n << 2);
            UNSAFE.copyMemory(null, mb, ms, FLOATS, (long) n << 2);
            for (int j = 0; j < n; j++) {
                ms[j] = fb * ms[j] + fb1 * gs[j];
            }
            UNSAFE.copyMemory(ms, FLOATS, null, mb, (long) n << 2);
            for (int j = 0; j < n; j++) {
                float gi = gs[j];
                float mi = ms[j];
                double p = (double) gi * (double) mi;
                double a = p > 0 ? lpos : (p < 0 ? lneg : lzero);
                if (mi != mi) {
                    a = Double.NaN;
                }
                gs[j] = (float) (a * gi);
            }
            UNSAFE.copyMemory(gs, FLOATS, null, gb, (long) n << 2);
        }
    }

    /*
     * The FLOAT loop stages each block of g and m in Java arrays (one copyMemory each way), so that C2 compiles
     * plain counted array loops: measured 0.35x (1M) and 0.52x (10M) of DL4J's Adam against 0.66x and 0.84x for a
     * per-element Unsafe loop (docs/benchmarks.md).
     */
    private static final long FLOATS = UNSAFE.arrayBaseOffset(float[].class);
    private static final ThreadLocal<float[][]> BUFFERS =
            ThreadLocal.withInitial(() -> new float[][] {new float[BLOCK], new float[BLOCK]});

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
