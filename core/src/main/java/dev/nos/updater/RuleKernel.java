package dev.nos.updater;

import static dev.nos.updater.NativeMemory.UNSAFE;
import static dev.nos.updater.RuleProgram.*;

import dev.nos.rule.BinaryFunction;

/**
 * Runs a {@link RuleProgram} over a range of elements, one {@link RuleProgram#CHUNK} at a time, in one pass over
 * memory: per chunk it loads g, updates the moving averages in place in the state memory, evaluates the program
 * in its scratch registers and writes lr * U over the gradient. One kernel per worker thread: the registers are
 * allocated once, nothing is allocated per step.
 */
final class RuleKernel {
    private final RuleProgram p;
    private final double[][] r;
    private final double[] table = new double[3];

    RuleKernel(RuleProgram program) {
        this.p = program;
        this.r = new double[program.registers][];
        boolean[] used = new boolean[program.registers];
        used[R_G] = true;
        used[R_M] = program.needM;
        used[R_MHAT] = program.needMhat;
        used[R_VHAT] = program.needVhat;
        used[R_GHAT] = program.needGhat;
        used[R_W] = program.needW;
        for (int k = FIXED_REGISTERS; k < program.registers; k++) {
            used[k] = true;
        }
        for (int k = 0; k < program.registers; k++) {
            if (used[k]) {
                r[k] = new double[CHUNK];
            }
        }
    }

    /** Updates elements [from, to) of the step described by {@code f}. */
    void run(StepFrame f, long from, long to) {
        for (long i0 = from; i0 < to; i0 += CHUNK) {
            int n = (int) Math.min(CHUNK, to - i0);
            if (f.isFloat) {
                loadFloat(f, i0, n);
            } else {
                loadDouble(f, i0, n);
            }
            execute(f, i0, n);
            double[] u = r[p.output];
            double lr = f.lr;
            if (f.isFloat) {
                long base = f.grad + (i0 << 2);
                for (int j = 0; j < n; j++) {
                    UNSAFE.putFloat(base + ((long) j << 2), (float) (lr * u[j]));
                }
            } else {
                long base = f.grad + (i0 << 3);
                for (int j = 0; j < n; j++) {
                    UNSAFE.putDouble(base + ((long) j << 3), lr * u[j]);
                }
            }
        }
    }

    private void loadFloat(StepFrame f, long i0, int n) {
        double[] g = r[R_G];
        long gb = f.grad + (i0 << 2);
        for (int j = 0; j < n; j++) {
            g[j] = UNSAFE.getFloat(gb + ((long) j << 2));
        }
        if (p.needM) {
            double[] m = r[R_M];
            long mb = f.m + (i0 << 2);
            for (int j = 0; j < n; j++) {
                long a = mb + ((long) j << 2);
                float x = (float) (BETA1 * UNSAFE.getFloat(a) + (1 - BETA1) * g[j]);
                UNSAFE.putFloat(a, x);
                m[j] = x;
            }
            if (p.needMhat) {
                divide(m, f.bc1, r[R_MHAT], n);
            }
        }
        if (p.needV) {
            double[] vh = p.needVhat ? r[R_VHAT] : null;
            long vb = f.v + (i0 << 2);
            double bc = f.bc2;
            for (int j = 0; j < n; j++) {
                long a = vb + ((long) j << 2);
                double gj = g[j];
                float x = (float) (BETA2 * UNSAFE.getFloat(a) + (1 - BETA2) * (gj * gj));
                UNSAFE.putFloat(a, x);
                if (vh != null) {
                    vh[j] = x / bc;
                }
            }
        }
        if (p.needGamma) {
            double[] gh = p.needGhat ? r[R_GHAT] : null;
            long yb = f.gamma + (i0 << 2);
            double bc = f.bc3;
            for (int j = 0; j < n; j++) {
                long a = yb + ((long) j << 2);
                double gj = g[j];
                float x = (float) (BETA3 * UNSAFE.getFloat(a) + (1 - BETA3) * (gj * gj * gj));
                UNSAFE.putFloat(a, x);
                if (gh != null) {
                    gh[j] = x / bc;
                }
            }
        }
        if (p.needW) {
            double[] w = r[R_W];
            long wb = f.weights + (i0 << 2);
            for (int j = 0; j < n; j++) {
                w[j] = UNSAFE.getFloat(wb + ((long) j << 2));
            }
        }
    }

    private void loadDouble(StepFrame f, long i0, int n) {
        double[] g = r[R_G];
        long gb = f.grad + (i0 << 3);
        for (int j = 0; j < n; j++) {
            g[j] = UNSAFE.getDouble(gb + ((long) j << 3));
        }
        if (p.needM) {
            double[] m = r[R_M];
            long mb = f.m + (i0 << 3);
            for (int j = 0; j < n; j++) {
                long a = mb + ((long) j << 3);
                double x = BETA1 * UNSAFE.getDouble(a) + (1 - BETA1) * g[j];
                UNSAFE.putDouble(a, x);
                m[j] = x;
            }
            if (p.needMhat) {
                divide(m, f.bc1, r[R_MHAT], n);
            }
        }
        if (p.needV) {
            double[] vh = p.needVhat ? r[R_VHAT] : null;
            long vb = f.v + (i0 << 3);
            double bc = f.bc2;
            for (int j = 0; j < n; j++) {
                long a = vb + ((long) j << 3);
                double gj = g[j];
                double x = BETA2 * UNSAFE.getDouble(a) + (1 - BETA2) * (gj * gj);
                UNSAFE.putDouble(a, x);
                if (vh != null) {
                    vh[j] = x / bc;
                }
            }
        }
        if (p.needGamma) {
            double[] gh = p.needGhat ? r[R_GHAT] : null;
            long yb = f.gamma + (i0 << 3);
            double bc = f.bc3;
            for (int j = 0; j < n; j++) {
                long a = yb + ((long) j << 3);
                double gj = g[j];
                double x = BETA3 * UNSAFE.getDouble(a) + (1 - BETA3) * (gj * gj * gj);
                UNSAFE.putDouble(a, x);
                if (gh != null) {
                    gh[j] = x / bc;
                }
            }
        }
        if (p.needW) {
            double[] w = r[R_W];
            long wb = f.weights + (i0 << 3);
            for (int j = 0; j < n; j++) {
                w[j] = UNSAFE.getDouble(wb + ((long) j << 3));
            }
        }
    }

    /** The select table (value at s = -1, 0, 1), reused. */
    private double[] table3(double neg, double zero, double pos) {
        table[0] = neg;
        table[1] = zero;
        table[2] = pos;
        return table;
    }

    /** 0, 1, 2 for s below, at (or NaN), above zero, without branches. */
    private static int index(double s) {
        return 1 + (s > 0 ? 1 : 0) - (s < 0 ? 1 : 0);
    }

    private static void divide(double[] x, double by, double[] out, int n) {
        for (int j = 0; j < n; j++) {
            out[j] = x[j] / by;
        }
    }

    private void execute(StepFrame f, long i0, int n) {
        double[] sc = f.scalars;
        for (Insn in : p.code) {
            double[] d = r[in.dst];
            switch (in.op) {
                case SQR -> {
                    double[] a = r[in.a];
                    for (int j = 0; j < n; j++) {
                        d[j] = a[j] * a[j];
                    }
                }
                case CUBE -> {
                    double[] a = r[in.a];
                    for (int j = 0; j < n; j++) {
                        d[j] = a[j] * a[j] * a[j];
                    }
                }
                case SCALE -> {
                    double[] a = r[in.a];
                    double k = in.param;
                    for (int j = 0; j < n; j++) {
                        d[j] = k * a[j];
                    }
                }
                case SIGN -> {
                    // a sign register: only read through index() and the NaN test, so -0 may become 0
                    double[] a = r[in.a];
                    for (int j = 0; j < n; j++) {
                        double x = a[j];
                        double sx = (x > 0 ? 1 : 0) - (x < 0 ? 1 : 0);
                        d[j] = x != x ? Double.NaN : sx;
                    }
                }
                case GAUSS -> {
                    long key = f.keys[in.key];
                    double std = sc[in.scalar];
                    long idx = f.indexBase + i0;
                    for (int j = 0; j < n; j++) {
                        d[j] = std * RuleRandom.gaussianAt(key, idx + j);
                    }
                }
                case ADAM -> {
                    double[] m = r[in.a];
                    double[] v = r[in.b];
                    for (int j = 0; j < n; j++) {
                        d[j] = m[j] / (Math.sqrt(v[j]) + DELTA);
                    }
                }
                case RMS -> {
                    double[] g = r[in.a];
                    double[] v = r[in.b];
                    for (int j = 0; j < n; j++) {
                        d[j] = g[j] / (Math.sqrt(v[j]) + DELTA);
                    }
                }
                case UNARY -> unary(in, r[in.a], d, n);
                case DROP -> {
                    double[] a = r[in.a];
                    long key = f.keys[in.key];
                    double prob = in.param;
                    long idx = f.indexBase + i0;
                    for (int j = 0; j < n; j++) {
                        d[j] = RuleRandom.uniformAt(key, idx + j) < prob ? 0.0 : a[j];
                    }
                }
                case BIN -> binary(in.binary, r[in.a], r[in.b], d, n);
                case BIN_VS -> binaryVs(in.binary, r[in.a], sc[in.scalar], d, n);
                case BIN_SV -> binarySv(in.binary, sc[in.scalar], r[in.a], d, n);
                case SIGNMUL -> {
                    double[] a = r[in.a];
                    double[] b = r[in.b];
                    for (int j = 0; j < n; j++) {
                        d[j] = a[j] * b[j];
                    }
                }
                case SELECT -> {
                    double[] s = r[in.a];
                    double pos = sc[in.table[0]];
                    double neg = sc[in.table[1]];
                    double zero = sc[in.table[2]];
                    double nan = sc[in.table[3]];
                    double[] t = table3(neg, zero, pos);
                    for (int j = 0; j < n; j++) {
                        double x = s[j];
                        double k = t[index(x)];
                        d[j] = x != x ? nan : k;
                    }
                }
                case SELBIN -> selectBinary(in, sc, d, n);
                case FILL -> java.util.Arrays.fill(d, 0, n, sc[in.scalar]);
                default -> throw new IllegalStateException("instruction " + in.op);
            }
        }
    }

    private static void unary(Insn in, double[] a, double[] d, int n) {
        switch (in.unary) {
            case NEG -> {
                for (int j = 0; j < n; j++) {
                    d[j] = -a[j];
                }
            }
            case EXP -> {
                for (int j = 0; j < n; j++) {
                    d[j] = Math.exp(a[j]);
                }
            }
            case LOG -> {
                for (int j = 0; j < n; j++) {
                    d[j] = Math.log(Math.abs(a[j]));
                }
            }
            case SQRT -> {
                for (int j = 0; j < n; j++) {
                    d[j] = Math.sqrt(Math.abs(a[j]));
                }
            }
            case CLIP -> {
                double l = in.param;
                for (int j = 0; j < n; j++) {
                    d[j] = Math.max(-l, Math.min(l, a[j]));
                }
            }
            case SIGN -> {
                for (int j = 0; j < n; j++) {
                    d[j] = Math.signum(a[j]);
                }
            }
            case ID -> System.arraycopy(a, 0, d, 0, n);
            default -> throw new IllegalStateException("unary " + in.unary + " is not a deterministic vector function");
        }
    }

    private static void binary(BinaryFunction b, double[] x, double[] y, double[] d, int n) {
        switch (b) {
            case ADD -> {
                for (int j = 0; j < n; j++) {
                    d[j] = x[j] + y[j];
                }
            }
            case SUB -> {
                for (int j = 0; j < n; j++) {
                    d[j] = x[j] - y[j];
                }
            }
            case MUL -> {
                for (int j = 0; j < n; j++) {
                    d[j] = x[j] * y[j];
                }
            }
            case DIV -> {
                for (int j = 0; j < n; j++) {
                    d[j] = x[j] / (y[j] + DELTA);
                }
            }
            case POW -> {
                for (int j = 0; j < n; j++) {
                    d[j] = Math.pow(x[j], y[j]);
                }
            }
            case KEEP -> System.arraycopy(x, 0, d, 0, n);
        }
    }

    private static void binaryVs(BinaryFunction b, double[] x, double y, double[] d, int n) {
        switch (b) {
            case ADD -> {
                for (int j = 0; j < n; j++) {
                    d[j] = x[j] + y;
                }
            }
            case SUB -> {
                for (int j = 0; j < n; j++) {
                    d[j] = x[j] - y;
                }
            }
            case MUL -> {
                for (int j = 0; j < n; j++) {
                    d[j] = x[j] * y;
                }
            }
            case DIV -> {
                double yd = y + DELTA;
                for (int j = 0; j < n; j++) {
                    d[j] = x[j] / yd;
                }
            }
            case POW -> {
                for (int j = 0; j < n; j++) {
                    d[j] = Math.pow(x[j], y);
                }
            }
            case KEEP -> System.arraycopy(x, 0, d, 0, n);
        }
    }

    private static void binarySv(BinaryFunction b, double x, double[] y, double[] d, int n) {
        switch (b) {
            case ADD -> {
                for (int j = 0; j < n; j++) {
                    d[j] = x + y[j];
                }
            }
            case SUB -> {
                for (int j = 0; j < n; j++) {
                    d[j] = x - y[j];
                }
            }
            case MUL -> {
                for (int j = 0; j < n; j++) {
                    d[j] = x * y[j];
                }
            }
            case DIV -> {
                for (int j = 0; j < n; j++) {
                    d[j] = x / (y[j] + DELTA);
                }
            }
            case POW -> {
                for (int j = 0; j < n; j++) {
                    d[j] = Math.pow(x, y[j]);
                }
            }
            case KEEP -> java.util.Arrays.fill(d, 0, n, x);
        }
    }

    /** d = b(select(s), v) or b(v, select(s)), the select never materialised. */
    private void selectBinary(Insn in, double[] sc, double[] d, int n) {
        double[] s = r[in.a];
        double[] v = r[in.b];
        double pos = sc[in.table[0]];
        double neg = sc[in.table[1]];
        double zero = sc[in.table[2]];
        double nan = sc[in.table[3]];
        double[] t = table3(neg, zero, pos);
        if (in.binary == BinaryFunction.MUL) {
            // x * y == y * x exactly in IEEE arithmetic, so the order does not matter here
            for (int j = 0; j < n; j++) {
                double x = s[j];
                double k = t[index(x)];
                d[j] = (x != x ? nan : k) * v[j];
            }
            return;
        }
        BinaryFunction b = in.binary;
        for (int j = 0; j < n; j++) {
            double x = s[j];
            double k = x != x ? nan : t[index(x)];
            d[j] = in.selectLeft ? b.apply(k, v[j]) : b.apply(v[j], k);
        }
    }
}
