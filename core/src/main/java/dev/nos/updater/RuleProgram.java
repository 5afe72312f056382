package dev.nos.updater;

import dev.nos.rule.BinaryFunction;
import dev.nos.rule.Expr;
import dev.nos.rule.Operand;
import dev.nos.rule.Rule;
import dev.nos.rule.UnaryFunction;
import dev.nos.rule.eval.Decays;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rule compiled once into a small program for fast, chunked evaluation ({@link RuleKernel} runs it).
 *
 * <p>Each distinct node of the rule's expression (structurally equal subexpressions are one node, so a shared
 * result is computed once) gets one of three shapes:
 * <ul>
 *   <li><b>scalar</b>: one value per step (constants, ld, cd, rd and anything built only from them), computed once
 *       per step by {@link #prepareStep};</li>
 *   <li><b>select</b>: a vector whose value depends only on a sign register s in {-1, 0, 1, NaN}; it is stored as
 *       the register plus four per-step scalars (its value when s = 1, -1, 0, NaN). sign(g), sign(m), sign(x),
 *       their products, and any deterministic function of them and of scalars stay selects, so exp(...) or
 *       base^(...) of a sign expression costs four Math.exp calls a step instead of one an element, with exactly
 *       the values an element-wise evaluation gives;</li>
 *   <li><b>vector</b>: one double register of {@link #CHUNK} elements.</li>
 * </ul>
 * The product of two "odd" selects (values c, -c, 0, NaN) with different sign registers is again an odd select on
 * the product of the sign registers; this is what keeps sign(g) * sign(m) a select. Exactness caveat: with an
 * infinite per-step scalar c such a product's zero entry is 0 where element-wise evaluation would give NaN
 * (0 * inf), and the sign of a zero entry may differ; decays and the constants 1 and 2 never produce that.
 *
 * <p>After compilation {@link #fuse} lets selects and sign products compute sign(x) (or sign(x) sign(y)) inline
 * from the SIGN instructions' sources and drops the instructions left unread, and ADAM/RMS bias-correct the stored m
 * and v inline when nothing else reads the corrected values: fewer passes per chunk, the same values. Programs of
 * the PowerSign/AddSign shape ({@link Shape#SIGN_SELECT_TIMES_G}) run on {@link SignKernel}'s fused loop.
 *
 * <p>Random nodes (eps, eps_t, drop) draw from {@link RuleRandom} with the node's {@link RuleRandom#stream}, so
 * the operand eps has one value per element and step wherever it appears.
 */
final class RuleProgram {
    /** Elements per chunk; registers hold one chunk. */
    static final int CHUNK = 512;

    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double BETA3 = 0.999;
    static final double DELTA = BinaryFunction.DELTA;

    // fixed registers
    static final int R_G = 0;
    static final int R_M = 1;      // m as stored (not bias-corrected)
    static final int R_MHAT = 2;
    static final int R_VHAT = 3;
    static final int R_GHAT = 4;   // gamma, bias-corrected
    static final int R_W = 5;
    static final int R_V = 6;      // v as stored (not bias-corrected)
    static final int FIXED_REGISTERS = 7;

    // vector instructions
    static final int SQR = 0, CUBE = 1, SCALE = 2, SIGN = 3, GAUSS = 4, ADAM = 5, RMS = 6, UNARY = 7, DROP = 8,
            BIN = 9, BIN_VS = 10, BIN_SV = 11, SIGNMUL = 12, SELECT = 13, SELBIN = 14, FILL = 15;

    /**
     * SIGNMUL, SELECT and SELBIN may name their sign register through its sources instead (see {@link #fuse}):
     * {@link Insn#sa} alone means the sign register is sign(r[sa]), {@code sa} and {@link Insn#sb} mean
     * sign(r[sa]) * sign(r[sb]); the kernel then computes the sign inline, in the same pass.
     */
    static final int NO_REG = -1;

    /** One vector instruction over a chunk. */
    static final class Insn {
        final int op;
        final int dst;
        int a = -1;
        int b = -1;
        int scalar = -1;
        int[] table;
        double param;
        UnaryFunction.Kind unary;
        BinaryFunction binary;
        boolean selectLeft;
        int key = -1;
        /** ADAM and RMS: read m and v as stored ({@link #R_M}, {@link #R_V}) and bias-correct them inline. */
        boolean raw;
        /** Inline sign sources (SIGNMUL, SELECT, SELBIN), or {@link #NO_REG}. */
        int sa = NO_REG;
        int sb = NO_REG;

        /** True when the sign register is computed inline from {@link #sa} (and {@link #sb}). */
        boolean inlineSign() {
            return sa != NO_REG;
        }

        Insn(int op, int dst) {
            this.op = op;
            this.dst = dst;
        }
    }

    // per-step scalar ops
    private static final int S_CONST = 0, S_LD = 1, S_CD = 2, S_RD = 3, S_UNARY = 4, S_BINARY = 5, S_NEG = 6,
            S_EPS_T_STD = 7;

    private static final class ScalarOp {
        final int op;
        final int dst;
        int a;
        int b;
        double param;
        UnaryFunction f;
        BinaryFunction bf;

        ScalarOp(int op, int dst) {
            this.op = op;
            this.dst = dst;
        }
    }

    private static final int SCALAR = 0, SELECTED = 1, VECTOR = 2;

    /** The compiled form of one node. */
    private static final class Val {
        final int shape;
        int scalar = -1;
        int reg = -1;
        int sign = -1;
        int[] table;
        boolean odd;

        Val(int shape) {
            this.shape = shape;
        }
    }

    /**
     * Whole programs the kernel runs as one fused loop per element (state update, rule and store together)
     * instead of passes over chunk registers; the values are the same as the general path's.
     */
    enum Shape {
        /** Chunk registers and instructions. */
        GENERAL,
        /** A(sign(g) sign(m)) * g with A a select, m the only state: PowerSign, AddSign and their decayed forms. */
        SIGN_SELECT_TIMES_G
    }

    final Rule rule;
    final Shape shape;
    /** For {@link Shape#SIGN_SELECT_TIMES_G}: the scalar indices of A(1), A(-1), A(0), A(NaN). */
    final int[] selectTable;
    final boolean needM;
    final boolean needV;
    final boolean needGamma;
    boolean needMhat;
    boolean needVhat;
    boolean needGhat;
    boolean needW;
    final Insn[] code;
    final int registers;
    final int scalars;
    final int output;
    final long[] streams;
    private final ScalarOp[] scalarOps;

    // compile-time state
    private final List<Insn> insns = new ArrayList<>();
    private final List<ScalarOp> sops = new ArrayList<>();
    private final List<Long> streamList = new ArrayList<>();
    private final Map<Expr, Val> memo = new HashMap<>();
    private final Map<Double, Integer> constants = new HashMap<>();
    private int nextReg = FIXED_REGISTERS;
    private int nextScalar;

    RuleProgram(Rule rule) {
        this.rule = rule;
        Set<Rule.Slot> slots = rule.stateSlots();
        needM = slots.contains(Rule.Slot.M);
        needV = slots.contains(Rule.Slot.V);
        needGamma = slots.contains(Rule.Slot.GAMMA);
        Val out = compile(rule.expression());
        int outReg;
        if (out.shape == VECTOR) {
            outReg = out.reg;
        } else {
            outReg = materialize(out).reg;
        }
        output = outReg;
        code = fuse(insns, outReg).toArray(new Insn[0]);
        fuseBiasCorrection();
        Insn only = code.length == 1 && code[0].dst == output ? code[0] : null;
        boolean onlyM = needM && !needV && !needGamma && !needW && !needMhat && !needVhat && !needGhat;
        if (only != null && onlyM && only.op == SELBIN && only.binary == BinaryFunction.MUL && only.b == R_G
                && only.sb != NO_REG && (only.sa == R_G && only.sb == R_M || only.sa == R_M && only.sb == R_G)) {
            shape = Shape.SIGN_SELECT_TIMES_G;
            selectTable = only.table.clone();
        } else {
            shape = Shape.GENERAL;
            selectTable = null;
        }
        scalarOps = sops.toArray(new ScalarOp[0]);
        registers = nextReg;
        scalars = nextScalar;
        streams = streamList.stream().mapToLong(Long::longValue).toArray();
    }

    /** Number of per-parameter state slots ([m | v | gamma], the needed ones only). */
    int stateSlots() {
        return (needM ? 1 : 0) + (needV ? 1 : 0) + (needGamma ? 1 : 0);
    }

    /** Computes the per-step scalars into {@code sc} and the random keys into {@code keys}. */
    void prepareStep(long t, long totalSteps, long seed, double[] sc, long[] keys) {
        for (ScalarOp s : scalarOps) {
            double v;
            switch (s.op) {
                case S_CONST -> v = s.param;
                case S_LD -> v = Decays.linear(t, totalSteps);
                case S_CD -> v = Decays.cyclical(t, totalSteps, s.param);
                case S_RD -> v = Decays.restart(t, totalSteps, s.param);
                case S_UNARY -> v = s.f.apply(sc[s.a], 0.0);
                case S_BINARY -> v = s.bf.apply(sc[s.a], sc[s.b]);
                case S_NEG -> v = -sc[s.a];
                case S_EPS_T_STD -> v = Decays.annealedNoiseStd(t);
                default -> throw new IllegalStateException("scalar op " + s.op);
            }
            sc[s.dst] = v;
        }
        for (int k = 0; k < streams.length; k++) {
            keys[k] = RuleRandom.key(seed, t, streams[k]);
        }
    }

    // ---- fusion ----

    /**
     * Fewer passes per chunk: a select or sign product whose sign register comes from SIGN instructions (or a
     * product of two) reads the SIGN sources directly and computes the sign inline; instructions whose result is
     * no longer read are then dropped. Registers are written once, so a source still holds its value where the
     * fused instruction runs.
     */
    static List<Insn> fuse(List<Insn> program, int output) {
        Map<Integer, Insn> producer = new HashMap<>();
        for (Insn i : program) {
            producer.put(i.dst, i);
        }
        for (Insn i : program) {
            if (i.op == SIGNMUL) {
                Insn x = producer.get(i.a);
                Insn y = producer.get(i.b);
                if (x != null && y != null && x.op == SIGN && y.op == SIGN) {
                    i.sa = x.a;
                    i.sb = y.a;
                }
            } else if (i.op == SELECT || i.op == SELBIN) {
                Insn s = producer.get(i.a);
                if (s != null && s.op == SIGN) {
                    i.sa = s.a;
                } else if (s != null && s.op == SIGNMUL && s.inlineSign()) {
                    i.sa = s.sa;
                    i.sb = s.sb;
                }
            }
        }
        // drop dead instructions, last to first
        java.util.BitSet live = new java.util.BitSet();
        live.set(output);
        List<Insn> kept = new ArrayList<>();
        for (int k = program.size() - 1; k >= 0; k--) {
            Insn i = program.get(k);
            if (!live.get(i.dst)) {
                continue;
            }
            kept.add(0, i);
            for (int r : reads(i)) {
                live.set(r);
            }
        }
        return kept;
    }

    /**
     * When only ADAM and RMS read the bias-corrected m and v, they read m and v as stored and divide by the bias
     * corrections themselves (the same divisions, so the same values): two passes per chunk fewer.
     */
    private void fuseBiasCorrection() {
        boolean otherRead = output == R_MHAT || output == R_VHAT;
        for (Insn i : code) {
            if (i.op != ADAM && i.op != RMS) {
                for (int r : reads(i)) {
                    otherRead |= r == R_MHAT || r == R_VHAT;
                }
            }
        }
        if (otherRead) {
            return;
        }
        for (Insn i : code) {
            if (i.op == ADAM) {
                i.a = R_M;
                i.b = R_V;
                i.raw = true;
            } else if (i.op == RMS) {
                i.b = R_V;
                i.raw = true;
            }
        }
        needMhat = false;
        needVhat = false;
    }

    /** The registers an instruction reads. */
    private static int[] reads(Insn i) {
        List<Integer> out = new ArrayList<>(3);
        boolean signRead = i.op == SIGNMUL || i.op == SELECT || i.op == SELBIN;
        if (signRead && i.inlineSign()) {
            out.add(i.sa);
            if (i.sb != NO_REG) {
                out.add(i.sb);
            }
            if (i.op == SELBIN) {
                out.add(i.b);
            }
        } else {
            if (i.a >= 0) {
                out.add(i.a);
            }
            if (i.b >= 0) {
                out.add(i.b);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    // ---- compilation ----

    private Val compile(Expr e) {
        Val known = memo.get(e);
        if (known != null) {
            return known;
        }
        Val v;
        if (e instanceof Expr.Leaf l) {
            v = leaf(l.operand());
        } else if (e instanceof Expr.Apply a) {
            v = apply(a, compile(a.argument()));
        } else {
            Expr.Combine c = (Expr.Combine) e;
            Val x = compile(c.left());
            Val y = compile(c.right());
            v = combine(c.function(), x, y);
        }
        memo.put(e, v);
        return v;
    }

    private Val leaf(Operand op) {
        switch (op.kind()) {
            case ONE:
                return scalarVal(constant(1.0));
            case TWO:
                return scalarVal(constant(2.0));
            case LD: {
                ScalarOp s = scalarOp(S_LD);
                return scalarVal(s.dst);
            }
            case CD: {
                ScalarOp s = scalarOp(S_CD);
                s.param = op.param();
                return scalarVal(s.dst);
            }
            case RD: {
                ScalarOp s = scalarOp(S_RD);
                s.param = op.param();
                return scalarVal(s.dst);
            }
            case G:
                return vectorVal(R_G);
            case G2: {
                Insn i = emit(SQR, newReg());
                i.a = R_G;
                return vectorVal(i.dst);
            }
            case G3: {
                Insn i = emit(CUBE, newReg());
                i.a = R_G;
                return vectorVal(i.dst);
            }
            case M:
                needMhat = true;
                return vectorVal(R_MHAT);
            case V:
                needVhat = true;
                return vectorVal(R_VHAT);
            case GAMMA:
                needGhat = true;
                return vectorVal(R_GHAT);
            case SIGN_G:
                return signOf(R_G);
            case SIGN_M:
                return signOf(R_M);
            case EPS: {
                Insn i = emit(GAUSS, newReg());
                i.key = stream(new Expr.Leaf(op));
                i.scalar = constant(Decays.EPS_STD);
                return vectorVal(i.dst);
            }
            case EPS_T: {
                Insn i = emit(GAUSS, newReg());
                i.key = stream(new Expr.Leaf(op));
                i.scalar = scalarOp(S_EPS_T_STD).dst;
                return vectorVal(i.dst);
            }
            case WEIGHT: {
                needW = true;
                Insn i = emit(SCALE, newReg());
                i.a = R_W;
                i.param = op.param();
                return vectorVal(i.dst);
            }
            case ADAM: {
                needMhat = true;
                needVhat = true;
                Insn i = emit(ADAM, newReg());
                i.a = R_MHAT;
                i.b = R_VHAT;
                return vectorVal(i.dst);
            }
            case RMSPROP: {
                needVhat = true;
                Insn i = emit(RMS, newReg());
                i.a = R_G;
                i.b = R_VHAT;
                return vectorVal(i.dst);
            }
            default:
                throw new IllegalArgumentException("operand " + op.token() + " cannot be evaluated");
        }
    }

    private Val signOf(int reg) {
        Insn i = emit(SIGN, newReg());
        i.a = reg;
        Val v = new Val(SELECTED);
        v.sign = i.dst;
        v.table = new int[] {constant(1.0), constant(-1.0), constant(0.0), constant(Double.NaN)};
        v.odd = true;
        return v;
    }

    private Val apply(Expr.Apply node, Val x) {
        UnaryFunction f = node.function();
        if (f.isRandom()) {
            Val in = x.shape == VECTOR ? x : materialize(x);
            Insn i = emit(DROP, newReg());
            i.a = in.reg;
            i.param = f.param();
            i.key = stream(node);
            return vectorVal(i.dst);
        }
        if (x.shape == SCALAR) {
            ScalarOp s = scalarOp(S_UNARY);
            s.f = f;
            s.a = x.scalar;
            return scalarVal(s.dst);
        }
        if (x.shape == SELECTED) {
            Val v = new Val(SELECTED);
            v.sign = x.sign;
            v.table = new int[4];
            for (int k = 0; k < 4; k++) {
                ScalarOp s = scalarOp(S_UNARY);
                s.f = f;
                s.a = x.table[k];
                v.table[k] = s.dst;
            }
            UnaryFunction.Kind kind = f.kind();
            v.odd = x.odd && (kind == UnaryFunction.Kind.NEG || kind == UnaryFunction.Kind.CLIP
                    || kind == UnaryFunction.Kind.SIGN);
            return v;
        }
        if (f.kind() == UnaryFunction.Kind.SIGN) {
            return signOf(x.reg);
        }
        Insn i = emit(UNARY, newReg());
        i.a = x.reg;
        i.unary = f.kind();
        i.param = f.param();
        return vectorVal(i.dst);
    }

    private Val combine(BinaryFunction b, Val x, Val y) {
        if (x.shape == SCALAR && y.shape == SCALAR) {
            return scalarVal(scalarBinary(b, x.scalar, y.scalar));
        }
        if (x.shape == SELECTED && y.shape == SCALAR || x.shape == SCALAR && y.shape == SELECTED) {
            Val sel = x.shape == SELECTED ? x : y;
            Val v = new Val(SELECTED);
            v.sign = sel.sign;
            v.table = new int[4];
            for (int k = 0; k < 4; k++) {
                v.table[k] = x.shape == SELECTED ? scalarBinary(b, x.table[k], y.scalar) : scalarBinary(b, x.scalar, y.table[k]);
            }
            v.odd = sel.odd && (b == BinaryFunction.MUL || b == BinaryFunction.DIV && x.shape == SELECTED);
            return v;
        }
        if (x.shape == SELECTED && y.shape == SELECTED) {
            if (x.sign == y.sign) {
                Val v = new Val(SELECTED);
                v.sign = x.sign;
                v.table = new int[4];
                for (int k = 0; k < 4; k++) {
                    v.table[k] = scalarBinary(b, x.table[k], y.table[k]);
                }
                return v;
            }
            if (b == BinaryFunction.MUL && x.odd && y.odd) {
                Insn i = emit(SIGNMUL, newReg());
                i.a = x.sign;
                i.b = y.sign;
                Val v = new Val(SELECTED);
                v.sign = i.dst;
                int pos = scalarBinary(BinaryFunction.MUL, x.table[0], y.table[0]);
                ScalarOp neg = scalarOp(S_NEG);
                neg.a = pos;
                int zero = scalarBinary(BinaryFunction.MUL, x.table[2], y.table[0]);
                v.table = new int[] {pos, neg.dst, zero, constant(Double.NaN)};
                v.odd = true;
                return v;
            }
            return vectorBinary(b, materialize(x), materialize(y));
        }
        // at least one vector
        if (x.shape == SCALAR) {
            Insn i = emit(BIN_SV, newReg());
            i.scalar = x.scalar;
            i.a = y.reg;
            i.binary = b;
            return vectorVal(i.dst);
        }
        if (y.shape == SCALAR) {
            Insn i = emit(BIN_VS, newReg());
            i.a = x.reg;
            i.scalar = y.scalar;
            i.binary = b;
            return vectorVal(i.dst);
        }
        if (x.shape == SELECTED || y.shape == SELECTED) {
            Val sel = x.shape == SELECTED ? x : y;
            Val vec = x.shape == SELECTED ? y : x;
            Insn i = emit(SELBIN, newReg());
            i.a = sel.sign;
            i.table = sel.table;
            i.b = vec.reg;
            i.binary = b;
            i.selectLeft = x.shape == SELECTED;
            return vectorVal(i.dst);
        }
        return vectorBinary(b, x, y);
    }

    private Val vectorBinary(BinaryFunction b, Val x, Val y) {
        Insn i = emit(BIN, newReg());
        i.a = x.reg;
        i.b = y.reg;
        i.binary = b;
        return vectorVal(i.dst);
    }

    /** A scalar or select as a vector register. */
    private Val materialize(Val x) {
        if (x.shape == VECTOR) {
            return x;
        }
        if (x.shape == SCALAR) {
            Insn i = emit(FILL, newReg());
            i.scalar = x.scalar;
            return vectorVal(i.dst);
        }
        Insn i = emit(SELECT, newReg());
        i.a = x.sign;
        i.table = x.table;
        return vectorVal(i.dst);
    }

    private int scalarBinary(BinaryFunction b, int a, int c) {
        ScalarOp s = scalarOp(S_BINARY);
        s.bf = b;
        s.a = a;
        s.b = c;
        return s.dst;
    }

    private int constant(double value) {
        Integer known = constants.get(value);
        if (known != null) {
            return known;
        }
        ScalarOp s = scalarOp(S_CONST);
        s.param = value;
        constants.put(value, s.dst);
        return s.dst;
    }

    private ScalarOp scalarOp(int op) {
        ScalarOp s = new ScalarOp(op, nextScalar++);
        sops.add(s);
        return s;
    }

    private int stream(Expr node) {
        streamList.add(RuleRandom.stream(node));
        return streamList.size() - 1;
    }

    private Insn emit(int op, int dst) {
        Insn i = new Insn(op, dst);
        insns.add(i);
        return i;
    }

    private int newReg() {
        return nextReg++;
    }

    private static Val scalarVal(int index) {
        Val v = new Val(SCALAR);
        v.scalar = index;
        return v;
    }

    private static Val vectorVal(int reg) {
        Val v = new Val(VECTOR);
        v.reg = reg;
        return v;
    }
}
