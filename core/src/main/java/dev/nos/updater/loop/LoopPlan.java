package dev.nos.updater.loop;

import java.util.ArrayList;
import java.util.Arrays;
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
    record Arg(boolean scalar, int index) {}

    /**
     * One vector operation; its result is vector {@code id}. UNARY: {@code unary(a)}, CLIP's bound is scalar
     * {@code param}. BINARY: {@code binary(a, b)}, float loops multiply by scalar {@code param} (1/b) when it is set.
     * SELECT: the value picked from scalars {@code table} (s = 1, -1, 0, NaN) by the sign register {@code a}.
     * GAUSSIAN: N(0, 1) of stream key {@code key}. DROP: a, or 0 when the uniform of key {@code key} is below scalar
     * {@code param}. AVERAGE: slot {@code param}. Its text is part of the {@link #shape}.
     */
    record Op(Kind kind, int id, Arg a, Arg b, Node.UnaryOp unary, Node.BinaryOp binary, List<Integer> table, int key,
              int param) {}

    private static final int SCALAR = 0, SELECT = 1, VECTOR = 2;

    /**
     * The compiled form of one node: {@code index} is the scalar index, the vector id or (SELECT) the sign register's
     * vector id; a select's {@code odd}: its table is (c, -c, 0, NaN).
     */
    private record Val(int shape, int index, int[] table, boolean odd) {}

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
    /** Per vector id: its operation and its segment (null and -1 for dead ones). */
    final Op[] byId;
    final int[] segmentOf;
    /** Per vector id: its scratch array when a later segment reads it, else -1. */
    final int[] spill;
    final int spills;

    // compile-time state; the scalars' nodes and argument indices stay for prepare()
    private final List<Op> all = new ArrayList<>();
    private final Map<Node, Val> memo = new HashMap<>();
    private final Map<Node, Integer> scalarIndex = new HashMap<>();
    private final List<Node> scalars = new ArrayList<>();
    private final List<int[]> scalarArgs = new ArrayList<>();
    private final List<Long> streamList = new ArrayList<>();

    LoopPlan(UpdateSpec spec) {
        this.spec = spec;
        Op g = op(Kind.GRADIENT, null, null, -1);
        int n = spec.averages().size();
        beta = new int[n];
        oneMinusBeta = new int[n];
        for (int k = 0; k < n; k++) {
            double b = spec.averages().get(k).beta();
            beta[k] = constant(b);
            oneMinusBeta[k] = constant(1.0 - b);
            // reads g (vector 0): a segment that updates an average reloads g when it is not the first
            memo.put(new Node.Average(k), vector(op(Kind.AVERAGE, new Arg(false, g.id), null, k)));
        }
        memo.put(new Node.Gradient(), vector(g));
        Val out = compile(spec.update());
        output = out.shape == SCALAR ? new Arg(true, out.index) : vec(out);
        ops = live(all, output, n);
        segments = segment(ops);
        byId = new Op[all.size()];
        segmentOf = new int[all.size()];
        Arrays.fill(segmentOf, -1);
        for (int s = 0; s < segments.size(); s++) {
            for (Op o : segments.get(s)) {
                byId[o.id] = o;
                segmentOf[o.id] = s;
            }
        }
        spill = new int[all.size()];
        spills = spill();
        readsWeights = ops.stream().anyMatch(o -> o.kind == Kind.WEIGHTS);
        streams = streamList.stream().mapToLong(Long::longValue).toArray();
        scalarCount = scalars.size();
    }

    /** The operations the output and the moving averages need, in order. */
    private static List<Op> live(List<Op> all, Arg output, int averages) {
        BitSet live = new BitSet();
        if (!output.scalar) {
            live.set(output.index);
        }
        live.set(0, averages + 1); // the gradient and the averages are always loaded and updated
        List<Op> kept = new ArrayList<>();
        for (int k = all.size() - 1; k >= 0; k--) {
            Op o = all.get(k);
            if (live.get(o.id)) {
                kept.add(0, o);
                for (Arg a : new Arg[] {o.a, o.b}) {
                    if (a != null && !a.scalar) {
                        live.set(a.index);
                    }
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
    private int spill() {
        int[] lastUse = new int[byId.length];
        Arrays.fill(lastUse, -1);
        for (int s = 0; s < segments.size(); s++) {
            for (Op o : segments.get(s)) {
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
        for (int id = 0; id < byId.length; id++) {
            Op o = byId[id];
            boolean reread = o == null || o.kind == Kind.GRADIENT || o.kind == Kind.AVERAGE || o.kind == Kind.WEIGHTS;
            spill[id] = lastUse[id] > segmentOf[id] && !reread ? n++ : -1;
        }
        return n;
    }

    /** The key of the generated code: equal keys, same loop (scalar values are inputs, not code). */
    String shape() {
        return "powers=" + spec.averages().stream().map(UpdateSpec.MovingAverage::power).toList() + " betas="
                + Arrays.toString(beta) + Arrays.toString(oneMinusBeta) + " scalars=" + scalarCount + " keys="
                + streams.length + " segments=" + segments + " out=" + output;
    }

    /** Computes the scalars of a step from its step values, in double (arguments come first in index order). */
    void prepare(double[] stepValues, double[] out) {
        for (int k = 0; k < scalarCount; k++) {
            Node n = scalars.get(k);
            int[] c = scalarArgs.get(k);
            if (n instanceof Node.Constant x) {
                out[k] = x.value();
            } else if (n instanceof Node.Step x) {
                out[k] = stepValues[x.index()];
            } else if (n instanceof Node.Unary u) {
                out[k] = u.op().apply(out[c[0]], u.param());
            } else {
                out[k] = ((Node.Binary) n).op().apply(out[c[0]], out[c[1]]);
            }
        }
    }

    /**
     * True when every select's table holds finite values at s = 1, -1, 0 and NaN at s = NaN, in the loop's type
     * ({@code isFloat}: the scalars rounded to float): then the loop may pick by arithmetic ({@link LoopMath#select}),
     * which is exact for such tables, instead of by comparisons.
     */
    boolean arithmeticSelects(double[] sc, boolean isFloat) {
        for (Op o : ops) {
            if (o.kind == Kind.SELECT) {
                for (int k = 0; k < 3; k++) {
                    double v = sc[o.table.get(k)];
                    if (!Double.isFinite(isFloat ? (float) v : v)) {
                        return false;
                    }
                }
                if (!Double.isNaN(sc[o.table.get(3)])) {
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

    private Val compile(Node e) {
        Val known = memo.get(e);
        if (known != null) {
            return known;
        }
        Val v;
        if (e instanceof Node.Constant || e instanceof Node.Step) {
            v = scalar(e);
        } else if (e instanceof Node.Weights) {
            v = vector(op(Kind.WEIGHTS, null, null, -1));
        } else if (e instanceof Node.Gaussian gauss) {
            v = vector(add(Kind.GAUSSIAN, null, null, null, null, null, stream(gauss.stream()), -1));
        } else if (e instanceof Node.Drop d) {
            Arg x = vec(compile(d.x()));
            v = vector(add(Kind.DROP, x, null, null, null, null, stream(d.stream()), constant(d.p())));
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
        Node.UnaryOp f = u.op();
        if (x.shape == SCALAR) {
            return scalar(new Node.Unary(f, u.param(), scalars.get(x.index)));
        }
        if (x.shape == SELECT) {
            int[] table = new int[4];
            for (int k = 0; k < 4; k++) {
                table[k] = scalar(new Node.Unary(f, u.param(), scalars.get(x.table[k]))).index;
            }
            boolean odd = f == Node.UnaryOp.NEG || f == Node.UnaryOp.CLIP || f == Node.UnaryOp.SIGN;
            return new Val(SELECT, x.index, table, x.odd && odd);
        }
        if (f == Node.UnaryOp.SIGN) {
            // a select on the register sign(x) with table 1, -1, 0, NaN
            Op o = add(Kind.UNARY, vec(x), null, f, null, null, -1, -1);
            int[] table = {constant(1.0), constant(-1.0), constant(0.0), constant(Double.NaN)};
            return new Val(SELECT, o.id, table, true);
        }
        int param = f == Node.UnaryOp.CLIP ? constant(u.param()) : -1;
        return vector(add(Kind.UNARY, vec(x), null, f, null, null, -1, param));
    }

    private Val binary(Node.BinaryOp op, Val x, Val y) {
        if (x.shape == SCALAR && y.shape == SCALAR) {
            return scalar(new Node.Binary(op, scalars.get(x.index), scalars.get(y.index)));
        }
        if (x.shape == SELECT && y.shape != VECTOR || x.shape == SCALAR && y.shape == SELECT) {
            // a select and a scalar, or two selects on one register: a select, table by table
            boolean both = y.shape == SELECT && x.shape == SELECT;
            if (!both || x.index == y.index) {
                int[] table = new int[4];
                for (int k = 0; k < 4; k++) {
                    table[k] = scalarBinary(op, x.shape == SELECT ? x.table[k] : x.index,
                            y.shape == SELECT ? y.table[k] : y.index);
                }
                boolean divides = (op == Node.BinaryOp.DIV || op == Node.BinaryOp.QUOTIENT) && x.shape == SELECT;
                boolean odd = !both && (x.shape == SELECT ? x.odd : y.odd) && (op == Node.BinaryOp.MUL || divides);
                return new Val(SELECT, x.shape == SELECT ? x.index : y.index, table, odd);
            }
            if (op == Node.BinaryOp.MUL && x.odd && y.odd) {
                Op product = binaryOp(Node.BinaryOp.MUL, new Arg(false, x.index), new Arg(false, y.index));
                int pos = scalarBinary(Node.BinaryOp.MUL, x.table[0], y.table[0]);
                int neg = scalar(new Node.Unary(Node.UnaryOp.NEG, 0, scalars.get(pos))).index;
                int zero = scalarBinary(Node.BinaryOp.MUL, x.table[2], y.table[0]);
                return new Val(SELECT, product.id, new int[] {pos, neg, zero, constant(Double.NaN)}, true);
            }
        }
        return vector(binaryOp(op, x.shape == SCALAR ? new Arg(true, x.index) : vec(x),
                y.shape == SCALAR ? new Arg(true, y.index) : vec(y)));
    }

    /** A value as a vector operand: a select or a scalar is materialised first. */
    private Arg vec(Val x) {
        if (x.shape == SCALAR) {
            // 1 * s as a vector (exact, -0 and NaN included): only drop of a scalar (drop(ld)) needs this
            return new Arg(false, binaryOp(Node.BinaryOp.MUL, new Arg(true, constant(1.0)), new Arg(true, x.index)).id);
        }
        if (x.shape == SELECT) {
            List<Integer> table = Arrays.stream(x.table).boxed().toList();
            return new Arg(false, add(Kind.SELECT, new Arg(false, x.index), null, null, null, table, -1, -1).id);
        }
        return new Arg(false, x.index);
    }

    private Op binaryOp(Node.BinaryOp op, Arg a, Arg b) {
        // x / s by a per-step scalar: float loops multiply by 1/s instead (a division costs several multiplications;
        // one more rounding, within float's error); double loops divide, as the reference does
        int reciprocal = -1;
        if (op == Node.BinaryOp.QUOTIENT && b.scalar && !a.scalar) {
            reciprocal = scalarBinary(Node.BinaryOp.QUOTIENT, constant(1.0), b.index);
        }
        return add(Kind.BINARY, a, b, null, op, null, -1, reciprocal);
    }

    private Op op(Kind kind, Arg a, Arg b, int param) {
        return add(kind, a, b, null, null, null, -1, param);
    }

    private Op add(Kind kind, Arg a, Arg b, Node.UnaryOp unary, Node.BinaryOp binary, List<Integer> table, int key,
                   int param) {
        Op o = new Op(kind, all.size(), a, b, unary, binary, table, key, param);
        all.add(o);
        return o;
    }

    private int scalarBinary(Node.BinaryOp op, int a, int b) {
        return scalar(new Node.Binary(op, scalars.get(a), scalars.get(b))).index;
    }

    private int constant(double value) {
        return scalar(new Node.Constant(value)).index;
    }

    /** A scalar node, indexed on first use after its arguments (which are indexed already). */
    private Val scalar(Node n) {
        Integer known = scalarIndex.get(n);
        if (known == null) {
            known = scalars.size();
            scalarIndex.put(n, known);
            scalars.add(n);
            scalarArgs.add(n instanceof Node.Unary u ? new int[] {scalarIndex.get(u.x())}
                    : n instanceof Node.Binary b ? new int[] {scalarIndex.get(b.x()), scalarIndex.get(b.y())}
                    : new int[0]);
        }
        return new Val(SCALAR, known, null, false);
    }

    private int stream(long stream) {
        if (!streamList.contains(stream)) {
            streamList.add(stream);
        }
        return streamList.indexOf(stream);
    }

    private static Val vector(Op o) {
        return new Val(VECTOR, o.id, null, false);
    }
}
