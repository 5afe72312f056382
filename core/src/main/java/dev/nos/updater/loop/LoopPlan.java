package dev.nos.updater.loop;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link UpdateSpec} analysed into what runs once per step and what runs per element; {@link LoopGenerator}
 * turns the per-element part into one loop.
 *
 * <p>Every node gets one of three shapes:
 * <ul>
 *   <li><b>scalar</b>: one value per step (constants, step values and anything built only from them), computed in
 *       double by {@link #prepare} into the scalar array the loop reads;</li>
 *   <li><b>select</b>: a value that depends on the element only through a sign register s in {-1, 0, 1, NaN}: the
 *       register (a vector) plus four scalars, its value at s = 1, -1, 0 and NaN. sign(x), and deterministic
 *       functions of selects and scalars, stay selects, so exp(f(t) sign(g) sign(m)) costs four Math.exp calls a
 *       step instead of one an element, with the values an element-wise evaluation gives. The product of two "odd"
 *       selects (values c, -c, 0, NaN) on different registers is an odd select on the product of the registers;
 *       this keeps sign(g) sign(m) one select;</li>
 *   <li><b>vector</b>: one value per element, an {@link Op} of the loop body.</li>
 * </ul>
 * This is the one folding the compiler does; it is what makes PowerSign and AddSign fast, and it applies to every
 * rule alike. The rest (fusing, common subexpressions, vectorising) is left to the JIT, which sees one plain loop.
 */
final class LoopPlan {

    /** Vector operations of the loop body. */
    enum Kind { GRADIENT, AVERAGE, WEIGHTS, UNARY, BINARY, SELECT, GAUSSIAN, DROP }

    /** An operand of a vector operation: a vector (by id) or a per-step scalar (by index). */
    record Arg(boolean scalar, int index) {
        @Override
        public String toString() {
            return (scalar ? "s" : "v") + index;
        }
    }

    /**
     * One vector operation; its result is vector {@code id}. UNARY: {@code unary(a)}, CLIP's bound is scalar
     * {@code param}. BINARY: {@code binary(a, b)}. SELECT: the value picked from scalars {@code table} (s = 1, -1, 0,
     * NaN) by the sign register {@code a}. GAUSSIAN: N(0, 1) of stream key {@code key}. DROP: a, or 0 when the
     * uniform of key {@code key} is below scalar {@code param}. AVERAGE: slot {@code param}.
     */
    record Op(Kind kind, int id, Arg a, Arg b, Node.UnaryOp unary, Node.BinaryOp binary, int[] table, int key,
              int param) {
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("v").append(id).append('=').append(kind);
            switch (kind) {
                case UNARY -> s.append(' ').append(unary).append(' ').append(a).append(' ').append(param);
                case BINARY -> s.append(' ').append(binary).append(' ').append(a).append(' ').append(b)
                        .append(param >= 0 ? " 1/s" + param : "");
                case SELECT -> s.append(' ').append(a).append(" s").append(table[0]).append(" s").append(table[1])
                        .append(" s").append(table[2]).append(" s").append(table[3]);
                case GAUSSIAN -> s.append(" k").append(key);
                case DROP -> s.append(' ').append(a).append(" k").append(key).append(" s").append(param);
                case AVERAGE -> s.append(' ').append(param);
                default -> { }
            }
            return s.toString();
        }
    }

    private static final int SCALAR = 0, SELECT = 1, VECTOR = 2;

    /** The compiled form of one node. */
    private static final class Val {
        final int shape;
        int scalar = -1;
        int vector = -1;
        int sign = -1;
        int[] table;
        boolean odd;

        Val(int shape) {
            this.shape = shape;
        }
    }

    final UpdateSpec spec;
    /** The vector operations, in order, only those the update needs (and the moving averages). */
    final List<Op> ops;
    /** The update: vector id or scalar index. */
    final Arg output;
    /** Scalar indices of each moving average's beta and 1 - beta. */
    final int[] beta;
    final int[] oneMinusBeta;
    final boolean readsWeights;
    final long[] streams;
    final int scalarCount;
    /** The loop body cut into segments, each its own loop over the chunk ({@link #segment}). */
    final List<List<Op>> segments;
    /** Per vector id: its scratch array when a later segment reads it, else -1. */
    final int[] spill;
    final int spills;
    private final Node[] scalarNodes;
    private final int[][] scalarArgs;

    // compile-time state
    private final List<Op> all = new ArrayList<>();
    private final Map<Node, Val> memo = new HashMap<>();
    private final Map<Node, Integer> scalarIndex = new HashMap<>();
    private final List<Node> scalars = new ArrayList<>();
    private final List<Long> streamList = new ArrayList<>();

    LoopPlan(UpdateSpec spec) {
        this.spec = spec;
        Op g = emit(Kind.GRADIENT, null, null);
        int n = spec.averages().size();
        beta = new int[n];
        oneMinusBeta = new int[n];
        for (int k = 0; k < n; k++) {
            double b = spec.averages().get(k).beta();
            beta[k] = scalar(new Node.Constant(b));
            oneMinusBeta[k] = scalar(new Node.Constant(1.0 - b));
            // reads g (vector 0): a segment that updates an average reloads g when it is not the first
            Op a = new Op(Kind.AVERAGE, all.size(), new Arg(false, g.id), null, null, null, null, -1, k);
            all.add(a);
            memo.put(new Node.Average(k), vectorVal(a.id));
        }
        memo.put(new Node.Gradient(), vectorVal(g.id));
        Val out = compile(spec.update());
        if (out.shape == SELECT) {
            out = materialize(out);
        }
        output = out.shape == SCALAR ? new Arg(true, out.scalar) : new Arg(false, out.vector);
        ops = live(all, output, n);
        segments = segment(ops);
        spill = new int[all.size()];
        spills = spill(segments, output, spill);
        readsWeights = ops.stream().anyMatch(o -> o.kind == Kind.WEIGHTS);
        streams = streamList.stream().mapToLong(Long::longValue).toArray();
        scalarNodes = scalars.toArray(new Node[0]);
        scalarCount = scalarNodes.length;
        scalarArgs = new int[scalarCount][];
        for (int k = 0; k < scalarCount; k++) {
            scalarArgs[k] = children(scalarNodes[k]);
        }
    }

    /** The operations the output and the moving averages need, in order. */
    private static List<Op> live(List<Op> all, Arg output, int averages) {
        BitSet live = new BitSet();
        if (!output.scalar) {
            live.set(output.index);
        }
        for (int k = 0; k <= averages; k++) {
            live.set(k); // the gradient and the averages are always loaded and updated
        }
        List<Op> kept = new ArrayList<>();
        for (int k = all.size() - 1; k >= 0; k--) {
            Op o = all.get(k);
            if (!live.get(o.id)) {
                continue;
            }
            kept.add(0, o);
            for (Arg a : new Arg[] {o.a, o.b}) {
                if (a != null && !a.scalar) {
                    live.set(a.index);
                }
            }
        }
        return kept;
    }

    /**
     * Weight of the loop body of one segment, in rough C2 nodes ({@link #weight}); the system property
     * {@code nos.loop.segmentWeight} overrides it, for measuring. Our choice, measured on the 2-core build machine
     * (JDK 17, single thread, 1M floats, noisy): whether C2 vectorised a loop body depended on its size in ways we
     * could not predict; a rule of two moving averages, a clip, a select and rmsprop took 8 to 10 ns per element as
     * one loop or cut at weight 40, and 1.3 to 1.5 cut at 20; PowerSign and AddSign took 4 ns cut at 26, 0.9 at 20.
     * So bodies are cut at 20, the values that cross a cut staged in chunk-long scratch arrays (in L1). Functions
     * the JIT cannot vectorise (exp, log, pow, random numbers) get segments of their own, so that they do not keep
     * the rest of the body scalar.
     */
    static final int SEGMENT_WEIGHT = Integer.getInteger("nos.loop.segmentWeight", 20);

    private static int weight(Op o) {
        return switch (o.kind) {
            case GRADIENT, WEIGHTS -> 2;
            case AVERAGE -> 8;
            case SELECT -> 10;
            case UNARY -> switch (o.unary) {
                case NEG -> 1;
                case SQRT -> 3;
                case CLIP -> 5;
                case SIGN -> 6;
                default -> 4;
            };
            case BINARY -> o.binary == Node.BinaryOp.DIV ? 2 : 1;
            default -> 4;
        };
    }

    /** True for operations that call a function the JIT does not vectorise. */
    private static boolean calls(Op o) {
        return o.kind == Kind.GAUSSIAN || o.kind == Kind.DROP
                || o.kind == Kind.UNARY && (o.unary == Node.UnaryOp.EXP || o.unary == Node.UnaryOp.LOG)
                || o.kind == Kind.BINARY && o.binary == Node.BinaryOp.POW;
    }

    private static List<List<Op>> segment(List<Op> ops) {
        List<List<Op>> out = new ArrayList<>();
        List<Op> current = new ArrayList<>();
        int w = 0;
        boolean currentCalls = false;
        for (Op o : ops) {
            boolean c = calls(o);
            if (!current.isEmpty() && (c != currentCalls || !c && w + weight(o) > SEGMENT_WEIGHT)) {
                out.add(current);
                current = new ArrayList<>();
                w = 0;
            }
            current.add(o);
            w += weight(o);
            currentCalls = c;
        }
        out.add(current);
        return out;
    }

    /** Assigns scratch arrays to values read in a later segment (g, the averages and w are reread instead). */
    private static int spill(List<List<Op>> segments, Arg output, int[] spill) {
        java.util.Arrays.fill(spill, -1);
        int[] defined = new int[spill.length];
        int[] lastUse = new int[spill.length];
        java.util.Arrays.fill(lastUse, -1);
        Kind[] kind = new Kind[spill.length];
        for (int s = 0; s < segments.size(); s++) {
            for (Op o : segments.get(s)) {
                defined[o.id] = s;
                kind[o.id] = o.kind;
                for (Arg a : new Arg[] {o.a, o.b}) {
                    if (a != null && !a.scalar) {
                        lastUse[a.index] = s;
                    }
                }
            }
        }
        if (!output.scalar) {
            lastUse[output.index] = segments.size() - 1;
        }
        int n = 0;
        for (int id = 0; id < spill.length; id++) {
            boolean reread = kind[id] == Kind.GRADIENT || kind[id] == Kind.AVERAGE || kind[id] == Kind.WEIGHTS;
            if (lastUse[id] > defined[id] && !reread) {
                spill[id] = n++;
            }
        }
        return n;
    }

    /** The segment that computes vector {@code id}. */
    int segmentOf(int id) {
        for (int s = 0; s < segments.size(); s++) {
            for (Op o : segments.get(s)) {
                if (o.id == id) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException("no vector " + id);
    }

    /** The key of the generated code: equal keys, same loop (scalar values are inputs, not code). */
    String shape() {
        StringBuilder s = new StringBuilder();
        s.append("averages=").append(spec.averages().size()).append(" powers=");
        for (UpdateSpec.MovingAverage a : spec.averages()) {
            s.append(a.power());
        }
        for (int k = 0; k < beta.length; k++) {
            s.append(" b").append(beta[k]).append('/').append(oneMinusBeta[k]);
        }
        s.append(" scalars=").append(scalarCount).append(" keys=").append(streams.length);
        for (List<Op> segment : segments) {
            s.append(" |");
            for (Op o : segment) {
                s.append("; ").append(o);
            }
        }
        return s.append("; out=").append(output).toString();
    }

    /** Scalar indices the loop reads. */
    BitSet scalarsRead() {
        BitSet read = new BitSet();
        for (int k = 0; k < beta.length; k++) {
            read.set(beta[k]);
            read.set(oneMinusBeta[k]);
        }
        for (Op o : ops) {
            for (Arg a : new Arg[] {o.a, o.b}) {
                if (a != null && a.scalar) {
                    read.set(a.index);
                }
            }
            if (o.table != null) {
                for (int t : o.table) {
                    read.set(t);
                }
            }
            if (o.kind == Kind.UNARY && o.unary == Node.UnaryOp.CLIP || o.kind == Kind.DROP
                    || o.kind == Kind.BINARY && o.param >= 0) {
                read.set(o.param);
            }
        }
        if (output.scalar) {
            read.set(output.index);
        }
        return read;
    }

    /** Computes the scalars of a step from its step values, in double. */
    void prepare(double[] stepValues, double[] out) {
        for (int k = 0; k < scalarCount; k++) {
            Node n = scalarNodes[k];
            int[] c = scalarArgs[k];
            double v;
            if (n instanceof Node.Constant x) {
                v = x.value();
            } else if (n instanceof Node.Step x) {
                v = stepValues[x.index()];
            } else if (n instanceof Node.Unary u) {
                v = u.op().apply(out[c[0]], u.param());
            } else {
                v = ((Node.Binary) n).op().apply(out[c[0]], out[c[1]]);
            }
            out[k] = v;
        }
    }

    /**
     * True when every select's table holds finite values at s = 1, -1, 0 and NaN at s = NaN: then the loop may pick
     * by arithmetic ({@link LoopMath#select}), which is exact for such tables, instead of by comparisons.
     */
    boolean arithmeticSelects(float[] sc) {
        for (Op o : ops) {
            if (o.kind == Kind.SELECT) {
                int[] t = o.table;
                if (!Float.isFinite(sc[t[0]]) || !Float.isFinite(sc[t[1]]) || !Float.isFinite(sc[t[2]])
                        || !Float.isNaN(sc[t[3]])) {
                    return false;
                }
            }
        }
        return true;
    }

    /** As {@link #arithmeticSelects(float[])}, for double loops. */
    boolean arithmeticSelects(double[] sc) {
        for (Op o : ops) {
            if (o.kind == Kind.SELECT) {
                int[] t = o.table;
                if (!Double.isFinite(sc[t[0]]) || !Double.isFinite(sc[t[1]]) || !Double.isFinite(sc[t[2]])
                        || !Double.isNaN(sc[t[3]])) {
                    return false;
                }
            }
        }
        return true;
    }

    boolean hasSelects() {
        return ops.stream().anyMatch(o -> o.kind == Kind.SELECT);
    }

    // ---- analysis ----

    private int[] children(Node n) {
        if (n instanceof Node.Unary u) {
            return new int[] {scalarIndex.get(u.x())};
        }
        if (n instanceof Node.Binary b) {
            return new int[] {scalarIndex.get(b.x()), scalarIndex.get(b.y())};
        }
        return new int[0];
    }

    private Val compile(Node e) {
        Val known = memo.get(e);
        if (known != null) {
            return known;
        }
        Val v;
        if (e instanceof Node.Constant || e instanceof Node.Step) {
            v = scalarVal(scalar(e));
        } else if (e instanceof Node.Weights) {
            v = vectorVal(emit(Kind.WEIGHTS, null, null).id);
        } else if (e instanceof Node.Gaussian gauss) {
            Op o = new Op(Kind.GAUSSIAN, all.size(), null, null, null, null, null, stream(gauss.stream()), -1);
            all.add(o);
            v = vectorVal(o.id);
        } else if (e instanceof Node.Drop d) {
            Val x = materialize(compile(d.x()));
            Op o = new Op(Kind.DROP, all.size(), vec(x), null, null, null, null, stream(d.stream()),
                    scalar(new Node.Constant(d.p())));
            all.add(o);
            v = vectorVal(o.id);
        } else if (e instanceof Node.Unary u) {
            v = unary(u, compile(u.x()));
        } else if (e instanceof Node.Binary b) {
            v = binary(b.op(), compile(b.x()), compile(b.y()));
        } else {
            throw new IllegalArgumentException("node " + e + " has no value of its own here");
        }
        memo.put(e, v);
        return v;
    }

    private Val unary(Node.Unary u, Val x) {
        if (x.shape == SCALAR) {
            return scalarVal(scalar(new Node.Unary(u.op(), u.param(), scalarNodes(x.scalar))));
        }
        if (x.shape == SELECT) {
            Val v = new Val(SELECT);
            v.sign = x.sign;
            v.table = new int[4];
            for (int k = 0; k < 4; k++) {
                v.table[k] = scalar(new Node.Unary(u.op(), u.param(), scalarNodes(x.table[k])));
            }
            v.odd = x.odd && (u.op() == Node.UnaryOp.NEG || u.op() == Node.UnaryOp.CLIP || u.op() == Node.UnaryOp.SIGN);
            return v;
        }
        if (u.op() == Node.UnaryOp.SIGN) {
            return signOf(x);
        }
        int param = u.op() == Node.UnaryOp.CLIP ? scalar(new Node.Constant(u.param())) : -1;
        Op o = new Op(Kind.UNARY, all.size(), vec(x), null, u.op(), null, null, -1, param);
        all.add(o);
        return vectorVal(o.id);
    }

    /** sign(x) of a vector: a select on the register sign(x) with table 1, -1, 0, NaN. */
    private Val signOf(Val x) {
        Op o = new Op(Kind.UNARY, all.size(), vec(x), null, Node.UnaryOp.SIGN, null, null, -1, -1);
        all.add(o);
        Val v = new Val(SELECT);
        v.sign = o.id;
        v.table = new int[] {constant(1.0), constant(-1.0), constant(0.0), constant(Double.NaN)};
        v.odd = true;
        return v;
    }

    private Val binary(Node.BinaryOp op, Val x, Val y) {
        if (x.shape == SCALAR && y.shape == SCALAR) {
            return scalarVal(scalarBinary(op, x.scalar, y.scalar));
        }
        if (x.shape == SELECT && y.shape == SCALAR || x.shape == SCALAR && y.shape == SELECT) {
            Val sel = x.shape == SELECT ? x : y;
            Val v = new Val(SELECT);
            v.sign = sel.sign;
            v.table = new int[4];
            for (int k = 0; k < 4; k++) {
                v.table[k] = x.shape == SELECT ? scalarBinary(op, x.table[k], y.scalar) : scalarBinary(op, x.scalar, y.table[k]);
            }
            boolean divides = (op == Node.BinaryOp.DIV || op == Node.BinaryOp.QUOTIENT) && x.shape == SELECT;
            v.odd = sel.odd && (op == Node.BinaryOp.MUL || divides);
            return v;
        }
        if (x.shape == SELECT && y.shape == SELECT) {
            if (x.sign == y.sign) {
                Val v = new Val(SELECT);
                v.sign = x.sign;
                v.table = new int[4];
                for (int k = 0; k < 4; k++) {
                    v.table[k] = scalarBinary(op, x.table[k], y.table[k]);
                }
                return v;
            }
            if (op == Node.BinaryOp.MUL && x.odd && y.odd) {
                Op product = emitBinary(Node.BinaryOp.MUL, new Arg(false, x.sign), new Arg(false, y.sign));
                Val v = new Val(SELECT);
                v.sign = product.id;
                int pos = scalarBinary(Node.BinaryOp.MUL, x.table[0], y.table[0]);
                int neg = scalar(new Node.Unary(Node.UnaryOp.NEG, 0, scalarNodes(pos)));
                int zero = scalarBinary(Node.BinaryOp.MUL, x.table[2], y.table[0]);
                v.table = new int[] {pos, neg, zero, constant(Double.NaN)};
                v.odd = true;
                return v;
            }
        }
        return vectorVal(emitBinary(op, arg(x), arg(y)).id);
    }

    /** A vector or scalar operand; a select is materialised first. */
    private Arg arg(Val x) {
        if (x.shape == SCALAR) {
            return new Arg(true, x.scalar);
        }
        return vec(x);
    }

    private Arg vec(Val x) {
        return new Arg(false, materialize(x).vector);
    }

    /** A select or scalar as a vector. */
    private Val materialize(Val x) {
        if (x.shape == VECTOR) {
            return x;
        }
        if (x.shape == SCALAR) {
            // 1 * s as a vector (exact, -0 and NaN included): only drop of a scalar (drop(ld)) needs this
            Op o = emitBinary(Node.BinaryOp.MUL, new Arg(true, constant(1.0)), new Arg(true, x.scalar));
            return vectorVal(o.id);
        }
        Op o = new Op(Kind.SELECT, all.size(), new Arg(false, x.sign), null, null, null, x.table, -1, -1);
        all.add(o);
        return vectorVal(o.id);
    }

    private Op emitBinary(Node.BinaryOp op, Arg a, Arg b) {
        // x / s by a per-step scalar: float loops multiply by 1/s instead (a division costs several multiplications;
        // one more rounding, within float's error); double loops divide, as the reference does
        int reciprocal = -1;
        if (op == Node.BinaryOp.QUOTIENT && b.scalar && !a.scalar) {
            int one = constant(1.0); // children are indexed before their parents: prepare() evaluates in index order
            reciprocal = scalar(new Node.Binary(Node.BinaryOp.QUOTIENT, scalarNodes(one), scalarNodes(b.index)));
        }
        Op o = new Op(Kind.BINARY, all.size(), a, b, null, op, null, -1, reciprocal);
        all.add(o);
        return o;
    }

    private Op emit(Kind kind, Arg a, Arg b) {
        Op o = new Op(kind, all.size(), a, b, null, null, null, -1, -1);
        all.add(o);
        return o;
    }

    private Node scalarNodes(int index) {
        return scalars.get(index);
    }

    private int scalarBinary(Node.BinaryOp op, int a, int b) {
        return scalar(new Node.Binary(op, scalarNodes(a), scalarNodes(b)));
    }

    private int constant(double value) {
        return scalar(new Node.Constant(value));
    }

    /** The index of a scalar node, added on first use; its children must be indexed already. */
    private int scalar(Node n) {
        Integer known = scalarIndex.get(n);
        if (known != null) {
            return known;
        }
        for (Node c : n instanceof Node.Unary u ? List.of(u.x()) : n instanceof Node.Binary b ? List.of(b.x(), b.y()) : List.<Node>of()) {
            if (!scalarIndex.containsKey(c)) {
                throw new IllegalStateException("scalar " + n + " indexed before its argument " + c);
            }
        }
        scalarIndex.put(n, scalars.size());
        scalars.add(n);
        return scalars.size() - 1;
    }

    private int stream(long stream) {
        int k = streamList.indexOf(stream);
        if (k >= 0) {
            return k;
        }
        streamList.add(stream);
        return streamList.size() - 1;
    }

    private static Val scalarVal(int index) {
        Val v = new Val(SCALAR);
        v.scalar = index;
        return v;
    }

    private static Val vectorVal(int id) {
        Val v = new Val(VECTOR);
        v.vector = id;
        return v;
    }
}
