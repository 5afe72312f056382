package dev.nos.updater.loop;

import static org.objectweb.asm.Opcodes.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Writes the bytecode of one {@link LoopPlan} as a class implementing {@link VectorLoop}: one loop over the
 * memory, a vector of {@code FloatVector.SPECIES_PREFERRED} at a time (16 floats with AVX-512), the whole body
 * fused (the plan's segments are for C2's auto-vectoriser, which this does not need), and the last partial vector
 * under a mask. Every operation is the float operation the element-wise loop ({@link LoopGenerator}) does, in the
 * same order, so the two give the same numbers except where the element-wise loop goes through double: exp, log
 * and pow here are the Vector API's float functions (within an ulp or two), and selects and drops work on the
 * lanes' bits (exact for any table, so there is no second loop for non-finite tables).
 * <p>
 * No {@code VectorMask} in the loop body (only the tail's): JDK 17 keeps a mask in a vector register and converts
 * it at every compare and blend, and with masks in a big rule's loop C2 sometimes stopped intrinsifying its stores
 * after other rules' loops had run in the JVM (3-4x slower; docs/benchmarks.md). Selects and drops are integer
 * operations on the lanes' bits instead.
 *
 * <p>The class refers to {@code jdk.incubator.vector} by name only, so nos compiles and runs without that module;
 * {@link VectorLoops} uses this generator only when the JVM has it.
 */
final class VectorLoopGenerator {
    // parameter slots of VectorLoop.run
    private static final int N = 1, G = 2, A0 = 3, W = 6, SC = 7, SCD = 8, KEYS = 9, INDEX0 = 10, LANES = 12;
    private static final int FIRST_LOCAL = 13;

    private static final String PKG = "jdk/incubator/vector/";
    private static final String FV = PKG + "FloatVector";
    private static final String VS = PKG + "VectorSpecies";
    private static final String VECTOR = PKG + "Vector";
    private static final String MASK = PKG + "VectorMask";
    private static final String OPS = PKG + "VectorOperators";
    private static final String D_FV = "L" + FV + ";";
    private static final String IV = PKG + "IntVector";
    private static final String D_IV = "L" + IV + ";";
    private static final String D_VS = "L" + VS + ";";
    private static final String D_VECTOR = "L" + VECTOR + ";";
    private static final String D_MASK = "L" + MASK + ";";
    private static final String D_BB = "Ljava/nio/ByteBuffer;";
    private static final String D_BO = "Ljava/nio/ByteOrder;";
    private static final String LANES_CLASS = Type.getInternalName(VectorLanes.class);

    private final LoopPlan plan;
    private final int[] scalarLocal;
    private final int[] keyLocal;
    private final int[] dropLocal;
    private final int[] vectorLocal;
    private final Map<Integer, Integer> broadcastLocal = new HashMap<>();
    private LoopClassWriter w;
    private int species, length, order, bound, i, mask;
    private MethodVisitor mv;

    private VectorLoopGenerator(LoopPlan plan) {
        this.plan = plan;
        this.scalarLocal = new int[plan.scalarCount];
        this.keyLocal = new int[plan.streams.length];
        this.dropLocal = new int[plan.scalarCount];
        this.vectorLocal = new int[plan.byId.length];
    }

    /** The class file of {@code plan}'s vector loop, named {@code name}. */
    static byte[] generate(LoopPlan plan, String name) {
        return new VectorLoopGenerator(plan).write(name);
    }

    private byte[] write(String name) {
        w = new LoopClassWriter(name, VectorLoop.class, FIRST_LOCAL);
        mv = w.mv;
        prologue();
        // for (i = 0; i < bound; i += length) body; if (i < n) { mask = first n - i lanes; body under mask }
        Label head = new Label();
        Label tail = new Label();
        Label end = new Label();
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, i);
        mv.visitLabel(head);
        mv.visitVarInsn(ILOAD, i);
        mv.visitVarInsn(ILOAD, bound);
        mv.visitJumpInsn(IF_ICMPGE, tail);
        body(false);
        mv.visitVarInsn(ILOAD, i);
        mv.visitVarInsn(ILOAD, length);
        mv.visitInsn(IADD);
        mv.visitVarInsn(ISTORE, i);
        mv.visitJumpInsn(GOTO, head);
        mv.visitLabel(tail);
        mv.visitVarInsn(ILOAD, i);
        mv.visitVarInsn(ILOAD, N);
        mv.visitJumpInsn(IF_ICMPGE, end);
        mv.visitVarInsn(ALOAD, species);
        mv.visitVarInsn(ILOAD, i);
        mv.visitVarInsn(ILOAD, N);
        mv.visitMethodInsn(INVOKEINTERFACE, VS, "indexInRange", "(II)" + D_MASK, true);
        mv.visitVarInsn(ASTORE, mask);
        body(true);
        mv.visitLabel(end);
        mv.visitInsn(RETURN);
        return w.finish();
    }

    private int local(int slots) {
        return w.local(slots);
    }

    /** The species, byte order, scalars, broadcasts of the scalars used as vectors, keys; the loop bound. */
    private void prologue() {
        species = local(1);
        mv.visitFieldInsn(GETSTATIC, FV, "SPECIES_PREFERRED", D_VS);
        mv.visitVarInsn(ASTORE, species);
        length = local(1);
        mv.visitVarInsn(ALOAD, species);
        mv.visitMethodInsn(INVOKEINTERFACE, VS, "length", "()I", true);
        mv.visitVarInsn(ISTORE, length);
        order = local(1);
        mv.visitMethodInsn(INVOKESTATIC, "java/nio/ByteOrder", "nativeOrder", "()" + D_BO, false);
        mv.visitVarInsn(ASTORE, order);
        for (int k = 0; k < scalarLocal.length; k++) {
            scalarLocal[k] = toLocal(SC, k, FALOAD, FSTORE, 1);
        }
        for (LoopPlan.Op o : plan.ops) {
            if (o.kind() == LoopPlan.Kind.DROP && dropLocal[o.param()] == 0) {
                dropLocal[o.param()] = toLocal(SCD, o.param(), DALOAD, DSTORE, 2);
            }
        }
        for (int k = 0; k < keyLocal.length; k++) {
            keyLocal[k] = toLocal(KEYS, k, LALOAD, LSTORE, 2);
        }
        for (LoopPlan.Op o : plan.ops) {
            vectorLocal[o.id()] = local(1);
            if (o.a() != null && o.a().scalar()) {
                broadcast(o.a().index());
            }
            if (o.kind() == LoopPlan.Kind.SELECT) {
                o.table().forEach(this::broadcast);
            }
        }
        if (plan.output.scalar()) {
            broadcast(plan.output.index());
        }
        bound = local(1);
        mv.visitVarInsn(ALOAD, species);
        mv.visitVarInsn(ILOAD, N);
        mv.visitMethodInsn(INVOKEINTERFACE, VS, "loopBound", "(I)I", true);
        mv.visitVarInsn(ISTORE, bound);
        i = local(1);
        mask = local(1);
        mv.visitInsn(ACONST_NULL);
        mv.visitVarInsn(ASTORE, mask);
    }

    /** A local holding scalar k in every lane, made once before the loop. */
    private void broadcast(int k) {
        if (broadcastLocal.containsKey(k)) {
            return;
        }
        int local = local(1);
        mv.visitVarInsn(ALOAD, species);
        mv.visitVarInsn(FLOAD, scalarLocal[k]);
        mv.visitMethodInsn(INVOKESTATIC, FV, "broadcast", "(" + D_VS + "F)" + D_FV, false);
        mv.visitVarInsn(ASTORE, local);
        broadcastLocal.put(k, local);
    }

    private int toLocal(int array, int k, int load, int store, int slots) {
        return w.toLocal(array, k, load, store, slots);
    }

    /** Every operation of the plan on the vector at i, then the averages and the update stored. */
    private void body(boolean masked) {
        for (LoopPlan.Op o : plan.ops) {
            op(o, masked);
            mv.visitVarInsn(ASTORE, vectorLocal[o.id()]);
        }
        for (LoopPlan.Op o : plan.ops) {
            if (o.kind() == LoopPlan.Kind.AVERAGE) {
                mv.visitVarInsn(ALOAD, vectorLocal[o.id()]);
                store(A0 + o.param(), masked);
            }
        }
        if (plan.output.scalar()) {
            mv.visitVarInsn(ALOAD, broadcastLocal.get(plan.output.index()));
        } else {
            mv.visitVarInsn(ALOAD, vectorLocal[plan.output.index()]);
        }
        store(G, masked);
    }

    /** Leaves the operation's vector on the stack. */
    private void op(LoopPlan.Op o, boolean masked) {
        switch (o.kind()) {
            case GRADIENT -> fetch(G, masked);
            case WEIGHTS -> fetch(W, masked);
            case AVERAGE -> {
                // beta a + (1 - beta) g^power, as the element-wise loop: a * beta, g * g * ..., * (1 - beta), sum
                int k = o.param();
                fetch(A0 + k, masked);
                mv.visitVarInsn(FLOAD, scalarLocal[plan.beta[k]]);
                virtual("mul", "(F)");
                vector(0);
                for (int p = 1; p < plan.spec.averages().get(k).power(); p++) {
                    vector(0);
                    virtual("mul", "(" + D_VECTOR + ")");
                }
                mv.visitVarInsn(FLOAD, scalarLocal[plan.oneMinusBeta[k]]);
                virtual("mul", "(F)");
                virtual("add", "(" + D_VECTOR + ")");
            }
            case UNARY -> unary(o);
            case BINARY -> binary(o);
            case SELECT -> {
                // on the register's sign factors, or on the register itself (one factor): pos where s > 0, neg
                // where s < 0, zero where s == 0 (either sign), NaN where s is NaN
                List<Integer> factors = signFactors(o.a().index());
                selectBySigns(o, factors != null && factors.size() <= MAX_SIGN_FACTORS ? factors
                        : List.of(o.a().index()));
            }
            case GAUSSIAN -> {
                lanes("gaussians", o.key(), -1);
                mv.visitVarInsn(ALOAD, species);
                mv.visitVarInsn(ALOAD, LANES);
                mv.visitInsn(ICONST_0);
                mv.visitMethodInsn(INVOKESTATIC, FV, "fromArray", "(" + D_VS + "[FI)" + D_FV, false);
            }
            case DROP -> {
                // x, with +0 where the lane's flag (0 or 1, VectorLanes.drops) is 1: on the bits, x & ((flag - 1)
                // >> 31), which keeps x where the flag's bits are 0 (no mask: docs/benchmarks.md)
                arg(o.a());
                mv.visitMethodInsn(INVOKEVIRTUAL, FV, "reinterpretAsInts", "()" + D_IV, false);
                intOp("AND", true);
                lanes("drops", o.key(), o.param());
                mv.visitVarInsn(ALOAD, species);
                mv.visitVarInsn(ALOAD, LANES);
                mv.visitInsn(ICONST_0);
                mv.visitMethodInsn(INVOKESTATIC, FV, "fromArray", "(" + D_VS + "[FI)" + D_FV, false);
                mv.visitMethodInsn(INVOKEVIRTUAL, FV, "reinterpretAsInts", "()" + D_IV, false);
                zeroToMask();
                intVector();
                mv.visitMethodInsn(INVOKEVIRTUAL, IV, "reinterpretAsFloats", "()" + D_FV, false);
            }
        }
    }

    /** Sign factors a select's register may have for {@link #selectBySigns}: beyond, it selects on the register. */
    static final int MAX_SIGN_FACTORS = 4;

    /**
     * The vectors x_1..x_k when vector {@code id} is sign(x_1) * ... * sign(x_k) (the plan's registers are such
     * products), else null.
     */
    private List<Integer> signFactors(int id) {
        LoopPlan.Op o = plan.byId[id];
        if (o == null) {
            return null;
        }
        if (o.kind() == LoopPlan.Kind.UNARY && o.unary() == Node.UnaryOp.SIGN && !o.a().scalar()) {
            return List.of(o.a().index());
        }
        if (o.kind() == LoopPlan.Kind.BINARY && o.binary() == Node.BinaryOp.MUL && o.param() < 0 && !o.a().scalar()
                && !o.b().scalar()) {
            List<Integer> left = signFactors(o.a().index());
            List<Integer> right = signFactors(o.b().index());
            if (left != null && right != null) {
                List<Integer> all = new ArrayList<>(left);
                all.addAll(right);
                return all;
            }
        }
        return null;
    }

    /**
     * A select on the register sign(x_1) ... sign(x_k), picked from the bits of the x_j without computing the signs
     * and without masks (JDK 17 keeps a mask in a vector register and converts it at every compare and blend,
     * docs/benchmarks.md). On the lanes as ints: the sign bits XORed give the product's sign (for non-zero x_j);
     * the smallest |x_j| bits are 0 where some x_j is +-0; the largest are above 0x7f800000 where some x_j is NaN.
     * Then, as bitwise selects: the pos entry, the neg entry where the sign is negative, the zero entry where some
     * x_j is zero, the NaN entry where some x_j is NaN. The same value as the table lookup, for any table and any
     * x_j (infinities and subnormals included).
     */
    private void selectBySigns(LoopPlan.Op o, List<Integer> factors) {
        int sign = local(1), min = local(1), max = local(1), bits = local(1);
        for (int j = 0; j < factors.size(); j++) {
            vector(factors.get(j));
            mv.visitMethodInsn(INVOKEVIRTUAL, FV, "reinterpretAsInts", "()" + D_IV, false);
            mv.visitVarInsn(ASTORE, bits);
            if (j == 0) {
                mv.visitVarInsn(ALOAD, bits);
                mv.visitVarInsn(ASTORE, sign);
            } else {
                combineInto(sign, "XOR", bits);
            }
            // |x| bits
            mv.visitVarInsn(ALOAD, bits);
            intOp("AND", true);
            mv.visitLdcInsn(0x7fffffff);
            intScalar();
            if (j == 0) {
                mv.visitInsn(DUP);
                mv.visitVarInsn(ASTORE, min);
                mv.visitVarInsn(ASTORE, max);
            } else {
                mv.visitVarInsn(ASTORE, bits);
                combineInto(min, "MIN", bits);
                combineInto(max, "MAX", bits);
            }
        }
        List<Integer> table = o.table();
        // pos, or neg where the sign bits say negative: sign >> 31 is all ones there
        tableBits(table.get(0));
        mv.visitVarInsn(ALOAD, sign);
        shiftToMask();
        tableBits(table.get(1));
        bitSelect();
        // the zero entry where the smallest |x| bits are 0: (min - 1) >> 31 is all ones there
        mv.visitVarInsn(ALOAD, min);
        zeroToMask();
        tableBits(table.get(2));
        bitSelect();
        // the NaN entry where the largest |x| bits are above those of infinity: (max - 0x7f800001) >> 31 is all
        // ones where no x is NaN, so select the other way round
        mv.visitVarInsn(ASTORE, bits);
        tableBits(table.get(3));
        mv.visitVarInsn(ALOAD, max);
        intOp("SUB", false);
        mv.visitLdcInsn(0x7f800001);
        intScalar();
        shiftToMask();
        mv.visitVarInsn(ALOAD, bits);
        bitSelect();
        mv.visitMethodInsn(INVOKEVIRTUAL, IV, "reinterpretAsFloats", "()" + D_FV, false);
    }

    /** The bits of table entry {@code k} (its broadcast) as an IntVector, on the stack. */
    private void tableBits(int k) {
        mv.visitVarInsn(ALOAD, broadcastLocal.get(k));
        mv.visitMethodInsn(INVOKEVIRTUAL, FV, "reinterpretAsInts", "()" + D_IV, false);
    }

    /** local = local.lanewise({@code op}, other), IntVectors in those locals ({@code op} Associative). */
    private void combineInto(int local, String op, int other) {
        mv.visitVarInsn(ALOAD, local);
        intOp(op, true);
        mv.visitVarInsn(ALOAD, other);
        intVector();
        mv.visitVarInsn(ASTORE, local);
    }

    /** (x - 1) >> 31 of the IntVector x (lanes >= 0) on the stack: all ones where x is 0, else 0. */
    private void zeroToMask() {
        intOp("SUB", false);
        mv.visitInsn(ICONST_1);
        intScalar();
        shiftToMask();
    }

    /** The IntVector on the stack >> 31 (arithmetic): all ones where it is negative, else 0. */
    private void shiftToMask() {
        intOp("ASHR", false);
        mv.visitIntInsn(BIPUSH, 31);
        intScalar();
    }

    /**
     * With a, mask, b on the stack (IntVectors): a where mask is 0, b where it is all ones, as a ^ ((a ^ b) & mask)
     * (one vpternlogd for C2).
     */
    private void bitSelect() {
        int a = local(1), mask = local(1), b = local(1);
        mv.visitVarInsn(ASTORE, b);
        mv.visitVarInsn(ASTORE, mask);
        mv.visitVarInsn(ASTORE, a);
        mv.visitVarInsn(ALOAD, a);
        intOp("XOR", true);
        mv.visitVarInsn(ALOAD, a);
        intOp("XOR", true);
        mv.visitVarInsn(ALOAD, b);
        intVector();
        intOp("AND", true);
        mv.visitVarInsn(ALOAD, mask);
        intVector();
        intVector();
    }

    /**
     * Pushes VectorOperators.{name} (an Associative or a Binary field), to follow the IntVector on the stack: the
     * operand and {@link #intVector} or {@link #intScalar} complete the lanewise call.
     */
    private void intOp(String name, boolean associative) {
        mv.visitFieldInsn(GETSTATIC, OPS, name, "L" + OPS + (associative ? "$Associative;" : "$Binary;"));
    }

    /** IntVector.lanewise(Binary, Vector) on (vector, op, vector) on the stack. */
    private void intVector() {
        mv.visitMethodInsn(INVOKEVIRTUAL, IV, "lanewise", "(L" + OPS + "$Binary;" + D_VECTOR + ")" + D_IV, false);
    }

    /** IntVector.lanewise(Binary, int) on (vector, op, int) on the stack. */
    private void intScalar() {
        mv.visitMethodInsn(INVOKEVIRTUAL, IV, "lanewise", "(L" + OPS + "$Binary;I)" + D_IV, false);
    }

    /** VectorLanes.{name}(lanes, length, key, index0 + i[, p]). */
    private void lanes(String name, int key, int drop) {
        mv.visitVarInsn(ALOAD, LANES);
        mv.visitVarInsn(ILOAD, length);
        mv.visitVarInsn(LLOAD, keyLocal[key]);
        mv.visitVarInsn(LLOAD, INDEX0);
        mv.visitVarInsn(ILOAD, i);
        mv.visitInsn(I2L);
        mv.visitInsn(LADD);
        if (drop >= 0) {
            mv.visitVarInsn(DLOAD, dropLocal[drop]);
            mv.visitMethodInsn(INVOKESTATIC, LANES_CLASS, name, "([FIJJD)V", false);
        } else {
            mv.visitMethodInsn(INVOKESTATIC, LANES_CLASS, name, "([FIJJ)V", false);
        }
    }

    private void unary(LoopPlan.Op o) {
        arg(o.a());
        switch (o.unary()) {
            case NEG -> virtual("neg", "()");
            case EXP -> lanewise("EXP");
            case LOG -> {
                virtual("abs", "()");
                lanewise("LOG");
            }
            case SQRT -> {
                virtual("abs", "()");
                virtual("sqrt", "()");
            }
            case CLIP -> {
                // max(-l, min(l, x))
                int l = scalarLocal[o.param()];
                mv.visitVarInsn(FLOAD, l);
                virtual("min", "(F)");
                mv.visitVarInsn(FLOAD, l);
                mv.visitInsn(FNEG);
                virtual("max", "(F)");
            }
            case SIGN -> {
                // LoopMath.sign: min(max(x * 2^75 * 2^75, -1), 1)
                mv.visitLdcInsn(0x1p75f);
                virtual("mul", "(F)");
                mv.visitLdcInsn(0x1p75f);
                virtual("mul", "(F)");
                mv.visitLdcInsn(-1f);
                virtual("max", "(F)");
                mv.visitInsn(FCONST_1);
                virtual("min", "(F)");
            }
        }
    }

    private void binary(LoopPlan.Op o) {
        if (o.param() >= 0) {
            // x / s as x * (1/s), as the element-wise float loop
            arg(o.a());
            mv.visitVarInsn(FLOAD, scalarLocal[o.param()]);
            virtual("mul", "(F)");
            return;
        }
        arg(o.a());
        String name = switch (o.binary()) {
            case ADD -> "add";
            case SUB -> "sub";
            case MUL -> "mul";
            case QUOTIENT, DIV -> "div";
            case POW -> "pow";
        };
        LoopPlan.Arg b = o.b();
        if (b.scalar()) {
            mv.visitVarInsn(FLOAD, scalarLocal[b.index()]);
            if (o.binary() == Node.BinaryOp.DIV) {
                mv.visitLdcInsn((float) Node.BinaryOp.DELTA);
                mv.visitInsn(FADD);
            }
            virtual(name, "(F)");
        } else {
            vector(b.index());
            if (o.binary() == Node.BinaryOp.DIV) {
                mv.visitLdcInsn((float) Node.BinaryOp.DELTA);
                virtual("add", "(F)");
            }
            virtual(name, "(" + D_VECTOR + ")");
        }
    }

    private void lanewise(String operator) {
        mv.visitFieldInsn(GETSTATIC, OPS, operator, "L" + OPS + "$Unary;");
        virtual("lanewise", "(L" + OPS + "$Unary;)");
    }

    /** An operand as a vector: its vector, or the broadcast of its scalar. */
    private void arg(LoopPlan.Arg a) {
        if (a.scalar()) {
            mv.visitVarInsn(ALOAD, broadcastLocal.get(a.index()));
        } else {
            vector(a.index());
        }
    }

    private void vector(int id) {
        mv.visitVarInsn(ALOAD, vectorLocal[id]);
    }

    /** FloatVector.fromByteBuffer(species, buffer, 4 i, order[, mask]). */
    private void fetch(int buffer, boolean masked) {
        mv.visitVarInsn(ALOAD, species);
        mv.visitVarInsn(ALOAD, buffer);
        byteOffset();
        mv.visitVarInsn(ALOAD, order);
        if (masked) {
            mv.visitVarInsn(ALOAD, mask);
        }
        mv.visitMethodInsn(INVOKESTATIC, FV, "fromByteBuffer",
                "(" + D_VS + D_BB + "I" + D_BO + (masked ? D_MASK : "") + ")" + D_FV, false);
    }

    /** The vector on the stack .intoByteBuffer(buffer, 4 i, order[, mask]). */
    private void store(int buffer, boolean masked) {
        mv.visitVarInsn(ALOAD, buffer);
        byteOffset();
        mv.visitVarInsn(ALOAD, order);
        if (masked) {
            mv.visitVarInsn(ALOAD, mask);
        }
        mv.visitMethodInsn(INVOKEVIRTUAL, FV, "intoByteBuffer", "(" + D_BB + "I" + D_BO + (masked ? D_MASK : "") + ")V",
                false);
    }

    private void byteOffset() {
        mv.visitVarInsn(ILOAD, i);
        mv.visitInsn(ICONST_2);
        mv.visitInsn(ISHL);
    }

    /** A FloatVector method returning a FloatVector. */
    private void virtual(String name, String params) {
        virtualTo(name, params, D_FV);
    }

    private void virtualTo(String name, String params, String returns) {
        mv.visitMethodInsn(INVOKEVIRTUAL, FV, name, params + returns, false);
    }
}
