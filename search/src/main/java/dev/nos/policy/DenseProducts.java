package dev.nos.policy;

/**
 * The two matrix products the controller's pass is made of, on row-major blocks of {@code double[]} arrays (offset
 * and row length given), accumulating into the result. Written as loops over contiguous rows, which the JIT turns
 * into vector instructions, each adding four rows of the other matrix at once ({@code c[j] += a0 b0[j] + a1 b1[j] +
 * a2 b2[j] + a3 b3[j]}): a quarter of the loads and stores of the result that one row at a time costs (our choice;
 * measured on the 2-core build machine, minimum of 300 runs: 4.0 to 4.6 billion multiply-adds a second against 2.6
 * to 3.4 one row at a time; tiling the columns made no difference). The grouping depends only on the inner
 * dimension, never on how many rows are multiplied, so a product's rows do not depend on the other rows: sampling
 * one step at a time and training all steps at once give the same bits.
 */
final class DenseProducts {

    private DenseProducts() {}

    /** A row-major matrix inside an array: element (i, j) is {@code a[offset + i * stride + j]}. */
    record Block(double[] a, int offset, int stride) {}

    /** {@code c[m x n] += a[m x k] * b[k x n]}. */
    static void addProduct(Block c, Block a, Block b, int m, int k, int n) {
        double[] cv = c.a();
        double[] av = a.a();
        double[] bv = b.a();
        int kk = 0;
        for (; kk + 3 < k; kk += 4) {
            int b0 = b.offset() + kk * b.stride();
            int bs = b.stride();
            for (int i = 0; i < m; i++) {
                int ar = a.offset() + i * a.stride() + kk;
                add4(cv, c.offset() + i * c.stride(), av[ar], av[ar + 1], av[ar + 2], av[ar + 3], bv, b0, b0 + bs,
                        b0 + 2 * bs, b0 + 3 * bs, n);
            }
        }
        for (; kk < k; kk++) {
            int bRow = b.offset() + kk * b.stride();
            for (int i = 0; i < m; i++) {
                axpy(cv, c.offset() + i * c.stride(), av[a.offset() + i * a.stride() + kk], bv, bRow, n);
            }
        }
    }

    /** {@code c[k x n] += a[m x k]^T * b[m x n]}. */
    static void addTransposedProduct(Block c, Block a, Block b, int m, int k, int n) {
        double[] cv = c.a();
        double[] av = a.a();
        double[] bv = b.a();
        int as = a.stride();
        int bs = b.stride();
        for (int kk = 0; kk < k; kk++) {
            int cRow = c.offset() + kk * c.stride();
            int i = 0;
            for (; i + 3 < m; i += 4) {
                int ar = a.offset() + i * as + kk;
                int b0 = b.offset() + i * bs;
                add4(cv, cRow, av[ar], av[ar + as], av[ar + 2 * as], av[ar + 3 * as], bv, b0, b0 + bs, b0 + 2 * bs,
                        b0 + 3 * bs, n);
            }
            for (; i < m; i++) {
                axpy(cv, cRow, av[a.offset() + i * as + kk], bv, b.offset() + i * bs, n);
            }
        }
    }

    /** {@code y[yOff + j] += a0 x[o0 + j] + a1 x[o1 + j] + a2 x[o2 + j] + a3 x[o3 + j]} for j < len. */
    private static void add4(double[] y, int yOff, double a0, double a1, double a2, double a3, double[] x, int o0,
                             int o1, int o2, int o3, int len) {
        for (int j = 0; j < len; j++) {
            y[yOff + j] += a0 * x[o0 + j] + a1 * x[o1 + j] + a2 * x[o2 + j] + a3 * x[o3 + j];
        }
    }

    /** {@code y[yOff + i] += a * x[xOff + i]} for i < len. */
    static void axpy(double[] y, int yOff, double a, double[] x, int xOff, int len) {
        for (int i = 0; i < len; i++) {
            y[yOff + i] += a * x[xOff + i];
        }
    }
}
