package dev.nos.updater;

import static dev.nos.updater.NativeMemory.UNSAFE;
import static dev.nos.updater.RuleProgram.*;

import dev.nos.rule.BinaryFunction;

/**
 * Runs a {@link RuleProgram} over a range of elements, one {@link RuleProgram#CHUNK} at a time, in one pass over
 * memory: per chunk it loads g, updates the moving averages in place in the state memory, evaluates the program
 * in its scratch registers and writes lr * U over the gradient. Memory moves between native memory and Java arrays
 * with one {@code copyMemory} per chunk and slot, so the loops are plain counted loops over arrays that C2 can
 * vectorise; {@link SignSelect} keeps the sign selects branch-free. Programs of the PowerSign/AddSign shape run on
 * {@link SignKernel}'s fused per-element loop instead. One kernel per worker thread: the registers are
 * allocated once, nothing is allocated per step.
 */
final class RuleKernel {
    private static final long FLOATS = NativeMemory.UNSAFE.arrayBaseOffset(float[].class);
    private static final long DOUBLES = NativeMemory.UNSAFE.arrayBaseOffset(double[].class);

    private final RuleProgram p;
    private final double[][] r;
    private final double[] table = new double[3];
    /** Staging for one chunk of float memory (gradient, a state slot, the update). */
    private final float[] fbuf = new float[CHUNK];
    /** Staging for one chunk of a double state slot. */
    private final double[] dbuf = new double[CHUNK];

    RuleKernel(RuleProgram program) {
        this.p = program;
        this.r = new double[program.registers][];
        boolean[] used = new boolean[program.registers];
        used[R_G] = true;
        used[R_M] = program.needM;
        used[R_MHAT] = program.needMhat;
        used[R_VHAT] = program.needVhat;
        used[R_V] = program.needV;
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
        if (p.shape == RuleProgram.Shape.SIGN_SELECT_TIMES_G) {
            double[] sc = f.scalars;
            int[] t = p.selectTable;
            if (Double.isNaN(sc[t[3]])) {
                // the hand kernel's loop: NaN m (so NaN sign product) selects NaN, as here
                if (f.isFloat) {
                    SignKernel.runFloat(f.grad, f.m, from, to, BETA1, f.lr, sc[t[0]], sc[t[1]], sc[t[2]]);
                } else {
                    SignKernel.runDouble(f.grad, f.m, from, to, BETA1, f.lr, sc[t[0]], sc[t[1]], sc[t[2]]);
                }
                return;
            }
        }
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
                float[] out = fbuf;
                for (int j = 0; j < n; j++) {
                    out[j] = (float) (lr * u[j]);
                }
                UNSAFE.copyMemory(out, FLOATS, null, f.grad + (i0 << 2), (long) n << 2);
            } else {
                double[] out = dbuf;
                for (int j = 0; j < n; j++) {
                    out[j] = lr * u[j];
                }
                UNSAFE.copyMemory(out, DOUBLES, null, f.grad + (i0 << 3), (long) n << 3);
            }
        }
    }

    // The loads copy a chunk of native memory into a Java array with one copyMemory and then run plain counted
    // loops over arrays, which C2 vectorises; the moving averages are written back the same way.

    private void loadFloat(StepFrame f, long i0, int n) {
        double[] g = r[R_G];
        float[] buf = fbuf;
        UNSAFE.copyMemory(null, f.grad + (i0 << 2), buf, FLOATS, (long) n << 2);
        for (int j = 0; j < n; j++) {
            g[j] = buf[j];
        }
        // the float rounding of the state keeps these loops scalar (Java 17's C2 left float/double conversions scalar
        // in our probes), so the bias corrections (divisions) run in passes over doubles only
        if (p.needM) {
            long a = f.m + (i0 << 2);
            UNSAFE.copyMemory(null, a, buf, FLOATS, (long) n << 2);
            double[] m = r[R_M];
            for (int j = 0; j < n; j++) {
                float x = (float) (BETA1 * buf[j] + (1 - BETA1) * g[j]);
                buf[j] = x;
                m[j] = x;
            }
            UNSAFE.copyMemory(buf, FLOATS, null, a, (long) n << 2);
            if (p.needMhat) {
                divide(m, f.bc1, r[R_MHAT], n);
            }
        }
        if (p.needV) {
            long a = f.v + (i0 << 2);
            UNSAFE.copyMemory(null, a, buf, FLOATS, (long) n << 2);
            double[] v = r[R_V];
            for (int j = 0; j < n; j++) {
                double gj = g[j];
                float x = (float) (BETA2 * buf[j] + (1 - BETA2) * (gj * gj));
                buf[j] = x;
                v[j] = x;
            }
            UNSAFE.copyMemory(buf, FLOATS, null, a, (long) n << 2);
            if (p.needVhat) {
                divide(v, f.bc2, r[R_VHAT], n);
            }
        }
        if (p.needGamma) {
            long a = f.gamma + (i0 << 2);
            UNSAFE.copyMemory(null, a, buf, FLOATS, (long) n << 2);
            double[] gh = p.needGhat ? r[R_GHAT] : dbuf;
            for (int j = 0; j < n; j++) {
                double gj = g[j];
                float x = (float) (BETA3 * buf[j] + (1 - BETA3) * (gj * gj * gj));
                buf[j] = x;
                gh[j] = x;
            }
            UNSAFE.copyMemory(buf, FLOATS, null, a, (long) n << 2);
            if (p.needGhat) {
                divide(gh, f.bc3, gh, n);
            }
        }
        if (p.needW) {
            double[] w = r[R_W];
            UNSAFE.copyMemory(null, f.weights + (i0 << 2), buf, FLOATS, (long) n << 2);
            for (int j = 0; j < n; j++) {
                w[j] = buf[j];
            }
        }
    }

    private void loadDouble(StepFrame f, long i0, int n) {
        double[] g = r[R_G];
        double[] buf = dbuf;
        UNSAFE.copyMemory(null, f.grad + (i0 << 3), g, DOUBLES, (long) n << 3);
        if (p.needM) {
            double[] m = r[R_M];
            long a = f.m + (i0 << 3);
            UNSAFE.copyMemory(null, a, m, DOUBLES, (long) n << 3);
            for (int j = 0; j < n; j++) {
                m[j] = BETA1 * m[j] + (1 - BETA1) * g[j];
            }
            UNSAFE.copyMemory(m, DOUBLES, null, a, (long) n << 3);
            if (p.needMhat) {
                divide(m, f.bc1, r[R_MHAT], n);
            }
        }
        if (p.needV) {
            long a = f.v + (i0 << 3);
            double[] v = r[R_V];
            UNSAFE.copyMemory(null, a, v, DOUBLES, (long) n << 3);
            for (int j = 0; j < n; j++) {
                double gj = g[j];
                v[j] = BETA2 * v[j] + (1 - BETA2) * (gj * gj);
            }
            UNSAFE.copyMemory(v, DOUBLES, null, a, (long) n << 3);
            if (p.needVhat) {
                divide(v, f.bc2, r[R_VHAT], n);
            }
        }
        if (p.needGamma) {
            long a = f.gamma + (i0 << 3);
            UNSAFE.copyMemory(null, a, buf, DOUBLES, (long) n << 3);
            for (int j = 0; j < n; j++) {
                double gj = g[j];
                buf[j] = BETA3 * buf[j] + (1 - BETA3) * (gj * gj * gj);
            }
            UNSAFE.copyMemory(buf, DOUBLES, null, a, (long) n << 3);
            if (p.needGhat) {
                divide(buf, f.bc3, r[R_GHAT], n);
            }
        }
        if (p.needW) {
            UNSAFE.copyMemory(null, f.weights + (i0 << 3), r[R_W], DOUBLES, (long) n << 3);
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
                    // a sign register: only read through select and the NaN test, so -0 may become 0
                    double[] a = r[in.a];
                    for (int j = 0; j < n; j++) {
                        d[j] = SignSelect.sign(a[j]);
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
                    if (in.raw) {
                        double bc1 = f.bc1;
                        double bc2 = f.bc2;
                        for (int j = 0; j < n; j++) {
                            d[j] = (m[j] / bc1) / (Math.sqrt(v[j] / bc2) + DELTA);
                        }
                    } else {
                        for (int j = 0; j < n; j++) {
                            d[j] = m[j] / (Math.sqrt(v[j]) + DELTA);
                        }
                    }
                }
                case RMS -> {
                    double[] g = r[in.a];
                    double[] v = r[in.b];
                    if (in.raw) {
                        double bc2 = f.bc2;
                        for (int j = 0; j < n; j++) {
                            d[j] = g[j] / (Math.sqrt(v[j] / bc2) + DELTA);
                        }
                    } else {
                        for (int j = 0; j < n; j++) {
                            d[j] = g[j] / (Math.sqrt(v[j]) + DELTA);
                        }
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
                    if (in.inlineSign()) {
                        double[] a = r[in.sa];
                        double[] b = r[in.sb];
                        for (int j = 0; j < n; j++) {
                            d[j] = SignSelect.sign(a[j]) * SignSelect.sign(b[j]);
                        }
                    } else {
                        double[] a = r[in.a];
                        double[] b = r[in.b];
                        for (int j = 0; j < n; j++) {
                            d[j] = a[j] * b[j];
                        }
                    }
                }
                case SELECT -> select(in, sc, d, n);
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

    /** The sign register of a select, materialised into {@code into} when the instruction computes it inline. */
    private double[] signs(Insn in, double[] into, int n) {
        if (!in.inlineSign()) {
            return r[in.a];
        }
        double[] a = r[in.sa];
        if (in.sb == NO_REG) {
            for (int j = 0; j < n; j++) {
                into[j] = SignSelect.sign(a[j]);
            }
        } else {
            double[] b = r[in.sb];
            for (int j = 0; j < n; j++) {
                into[j] = SignSelect.sign(a[j]) * SignSelect.sign(b[j]);
            }
        }
        return into;
    }

    /** d = select(s): the value table picked by the sign register s. */
    private void select(Insn in, double[] sc, double[] d, int n) {
        double pos = sc[in.table[0]];
        double neg = sc[in.table[1]];
        double zero = sc[in.table[2]];
        double nan = sc[in.table[3]];
        double[] s = signs(in, d, n);
        if (SignSelect.exact(pos, neg, zero, nan)) {
            for (int j = 0; j < n; j++) {
                d[j] = SignSelect.select(s[j], pos, neg, zero);
            }
            return;
        }
        double[] t = table3(neg, zero, pos);
        for (int j = 0; j < n; j++) {
            double x = s[j];
            double k = t[index(x)];
            d[j] = x != x ? nan : k;
        }
    }

    /** d = b(select(s), v) or b(v, select(s)), the select never materialised. */
    private void selectBinary(Insn in, double[] sc, double[] d, int n) {
        double[] v = r[in.b];
        double pos = sc[in.table[0]];
        double neg = sc[in.table[1]];
        double zero = sc[in.table[2]];
        double nan = sc[in.table[3]];
        boolean exact = SignSelect.exact(pos, neg, zero, nan);
        if (in.binary == BinaryFunction.MUL && exact) {
            // x * y == y * x exactly in IEEE arithmetic, so the order does not matter here; the sign is computed
            // in the same pass when the instruction has its sources
            if (!in.inlineSign()) {
                double[] s = r[in.a];
                for (int j = 0; j < n; j++) {
                    d[j] = SignSelect.select(s[j], pos, neg, zero) * v[j];
                }
            } else if (in.sb == NO_REG) {
                double[] a = r[in.sa];
                for (int j = 0; j < n; j++) {
                    d[j] = SignSelect.select(SignSelect.sign(a[j]), pos, neg, zero) * v[j];
                }
            } else {
                double[] a = r[in.sa];
                double[] b = r[in.sb];
                for (int j = 0; j < n; j++) {
                    double sj = SignSelect.sign(a[j]) * SignSelect.sign(b[j]);
                    d[j] = SignSelect.select(sj, pos, neg, zero) * v[j];
                }
            }
            return;
        }
        // an inline sign goes through d (registers are written once, so d is neither v nor a sign source)
        double[] s = signs(in, d, n);
        double[] t = table3(neg, zero, pos);
        if (in.binary == BinaryFunction.MUL) {
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
