package dev.nos.updater.loop;

import static org.objectweb.asm.Opcodes.*;

import dev.nos.updater.RuleRandom;
import java.util.List;
import java.util.TreeSet;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Writes the bytecode of one {@link LoopPlan} as a class implementing {@link ChunkLoop} for FLOAT or DOUBLE
 * memory: the arrays are cast to their type and the step's scalars and random keys loaded into locals, then a
 * counted loop over the chunk per segment of the plan (one for most rules) computes, per element, the moving
 * averages (stored back), every vector operation as a local, and the update (stored over g). Arithmetic is in the
 * memory's type (float for FLOAT), so that C2 unrolls and vectorises the loop: in our probe on this machine (JDK 17) a float Adam loop ran at 0.38 ns per element, the
 * same loop widening to double at 3.5. exp, log and pow go through Math in double and are rounded back.
 *
 * <p>With selects the method holds the loop twice: with {@link LoopMath#select} (arithmetic, vectorisable) and
 * with {@link LoopMath#lookup}; the caller picks per step ({@link LoopPlan#arithmeticSelects}).
 *
 * <p>Our choice: bytecode with ASM rather than Java source and javac at run time, because a search compiles
 * thousands of rules and ASM writes one in well under a millisecond.
 */
final class LoopGenerator {
    // parameter slots of ChunkLoop.run
    private static final int N = 1, G = 2, A0 = 3, W = 6, SC = 7, SCD = 8, KEYS = 9, INDEX0 = 10, ARITHMETIC = 12,
            TMP = 13;
    private static final int FIRST_LOCAL = 14;

    private final LoopPlan plan;
    private final boolean isFloat;
    private final Type type; // float or double
    private final String t; // "F" or "D"
    private final int[] scalarLocal;
    private final int[] keyLocal;
    private final int[] dropLocal;
    private final int[] vectorLocal;
    private final int[] tmpLocal;
    private LoopClassWriter w;
    private int i;
    private MethodVisitor mv;

    private LoopGenerator(LoopPlan plan, boolean isFloat) {
        this.plan = plan;
        this.isFloat = isFloat;
        this.type = isFloat ? Type.FLOAT_TYPE : Type.DOUBLE_TYPE;
        this.t = type.getDescriptor();
        this.scalarLocal = new int[plan.scalarCount];
        this.keyLocal = new int[plan.streams.length];
        this.dropLocal = new int[plan.scalarCount];
        this.vectorLocal = new int[plan.byId.length];
        this.tmpLocal = new int[plan.spills];
    }

    /** The class file of {@code plan}'s loop for FLOAT ({@code isFloat}) or DOUBLE memory, named {@code name}. */
    static byte[] generate(LoopPlan plan, boolean isFloat, String name) {
        return new LoopGenerator(plan, isFloat).write(name);
    }

    private byte[] write(String name) {
        w = new LoopClassWriter(name, ChunkLoop.class, FIRST_LOCAL);
        mv = w.mv;
        for (int slot : new int[] {G, A0, A0 + 1, A0 + 2, W, SC, TMP}) { // once, so the loops see typed arrays
            mv.visitVarInsn(ALOAD, slot);
            mv.visitTypeInsn(CHECKCAST, (slot == TMP ? "[[" : "[") + t);
            mv.visitVarInsn(ASTORE, slot);
        }
        loadInvariants();
        i = local(1);
        Label lookup = new Label();
        if (plan.hasSelects()) {
            mv.visitVarInsn(ILOAD, ARITHMETIC);
            mv.visitJumpInsn(IFEQ, lookup);
        }
        for (int s = 0; s < plan.segments.size(); s++) {
            loop(s, true);
        }
        if (plan.hasSelects()) {
            mv.visitInsn(RETURN);
            mv.visitLabel(lookup);
            for (int s = 0; s < plan.segments.size(); s++) {
                loop(s, false);
            }
        }
        mv.visitInsn(RETURN);
        return w.finish();
    }

    private int local(int slots) {
        return w.local(slots);
    }

    /** The scalars, drop probabilities, random keys and scratch arrays, into locals before the loops. */
    private void loadInvariants() {
        for (int k = 0; k < scalarLocal.length; k++) { // those no loop reads are dead code to the JIT
            scalarLocal[k] = toLocal(SC, k, type.getOpcode(IALOAD), type.getOpcode(ISTORE), type.getSize());
        }
        for (LoopPlan.Op o : plan.ops) {
            if (o.kind() == LoopPlan.Kind.DROP && dropLocal[o.param()] == 0) {
                dropLocal[o.param()] = toLocal(SCD, o.param(), DALOAD, DSTORE, 2);
            }
        }
        for (int k = 0; k < keyLocal.length; k++) {
            keyLocal[k] = toLocal(KEYS, k, LALOAD, LSTORE, 2);
        }
        for (int k = 0; k < tmpLocal.length; k++) {
            tmpLocal[k] = toLocal(TMP, k, AALOAD, ASTORE, 1);
        }
        for (LoopPlan.Op o : plan.ops) {
            vectorLocal[o.id()] = local(type.getSize());
        }
    }

    private int toLocal(int array, int k, int load, int store, int slots) {
        return w.toLocal(array, k, load, store, slots);
    }

    /**
     * for (i = 0; i < n; i++) { the values of earlier segments this one reads; its operations; its values later
     * segments read, into scratch; in the last segment g[i] = update }.
     */
    private void loop(int segment, boolean arithmeticSelects) {
        List<LoopPlan.Op> ops = plan.segments.get(segment);
        boolean last = segment == plan.segments.size() - 1;
        TreeSet<Integer> earlier = new TreeSet<>();
        for (LoopPlan.Op o : ops) {
            for (LoopPlan.Arg a : new LoopPlan.Arg[] {o.a(), o.b()}) {
                if (a != null && !a.scalar() && plan.segmentOf[a.index()] < segment) {
                    earlier.add(a.index());
                }
            }
        }
        if (last && !plan.output.scalar() && plan.segmentOf[plan.output.index()] < segment) {
            earlier.add(plan.output.index());
        }
        Label cond = new Label();
        Label done = new Label();
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, i);
        mv.visitLabel(cond);
        mv.visitVarInsn(ILOAD, i);
        mv.visitVarInsn(ILOAD, N);
        mv.visitJumpInsn(IF_ICMPGE, done);
        for (int id : earlier) {
            LoopPlan.Op o = plan.byId[id];
            loadElement(switch (o.kind()) {
                case GRADIENT -> G;
                case AVERAGE -> A0 + o.param();
                case WEIGHTS -> W;
                default -> tmpLocal[plan.spill[id]];
            });
            mv.visitVarInsn(type.getOpcode(ISTORE), vectorLocal[id]);
        }
        for (LoopPlan.Op o : ops) {
            op(o, arithmeticSelects);
        }
        // every store after every load of the iteration: the arrays are all float[] (or double[]) and might alias as
        // far as C2 knows; in our measurements on this machine a load after a store cost the vectorisation of some
        // loops (7.9 against 1.5 ns per element)
        for (LoopPlan.Op o : ops) {
            int array = o.kind() == LoopPlan.Kind.AVERAGE ? A0 + o.param()
                    : plan.spill[o.id()] >= 0 ? tmpLocal[plan.spill[o.id()]] : -1;
            if (array >= 0) {
                mv.visitVarInsn(ALOAD, array);
                mv.visitVarInsn(ILOAD, i);
                loadVector(o.id());
                insn(IASTORE);
            }
        }
        if (last) {
            // g[i] = update
            mv.visitVarInsn(ALOAD, G);
            mv.visitVarInsn(ILOAD, i);
            load(plan.output);
            insn(IASTORE);
        }
        mv.visitIincInsn(i, 1);
        mv.visitJumpInsn(GOTO, cond);
        mv.visitLabel(done);
    }

    private void op(LoopPlan.Op o, boolean arithmeticSelects) {
        switch (o.kind()) {
            case GRADIENT -> loadElement(G);
            case WEIGHTS -> loadElement(W);
            case AVERAGE -> {
                // a = beta a + (1 - beta) g^power; stored back at the end of the iteration ({@link #loop})
                int k = o.param();
                loadLocal(scalarLocal[plan.beta[k]]);
                loadElement(A0 + k);
                insn(IMUL);
                loadLocal(scalarLocal[plan.oneMinusBeta[k]]);
                int power = plan.spec.averages().get(k).power();
                loadVector(0);
                for (int p = 1; p < power; p++) {
                    loadVector(0);
                    insn(IMUL);
                }
                insn(IMUL);
                insn(IADD);
            }
            case UNARY -> unary(o);
            case BINARY -> binary(o);
            case SELECT -> {
                load(o.a());
                for (int k = 0; k < (arithmeticSelects ? 3 : 4); k++) {
                    loadLocal(scalarLocal[o.table().get(k)]);
                }
                call(MATH, arithmeticSelects ? "select" : "lookup", "(" + t.repeat(arithmeticSelects ? 4 : 5) + ")" + t);
            }
            case GAUSSIAN -> {
                mv.visitVarInsn(LLOAD, keyLocal[o.key()]);
                index();
                inDouble(Type.getInternalName(RuleRandom.class), "gaussianAt", "(JJ)D");
            }
            case DROP -> {
                load(o.a());
                mv.visitVarInsn(LLOAD, keyLocal[o.key()]);
                index();
                mv.visitVarInsn(DLOAD, dropLocal[o.param()]);
                call(MATH, "drop", "(" + t + "JJD)" + t);
            }
        }
        mv.visitVarInsn(type.getOpcode(ISTORE), vectorLocal[o.id()]);
    }

    private static final String MATH = Type.getInternalName(LoopMath.class);
    private static final String JMATH = "java/lang/Math";

    private void unary(LoopPlan.Op o) {
        switch (o.unary()) {
            case NEG -> {
                load(o.a());
                insn(INEG);
            }
            case EXP -> {
                loadDouble(o.a());
                inDouble(JMATH, "exp", "(D)D");
            }
            case LOG, SQRT -> {
                load(o.a());
                call(JMATH, "abs", "(" + t + ")" + t);
                widen();
                inDouble(JMATH, o.unary() == Node.UnaryOp.LOG ? "log" : "sqrt", "(D)D");
            }
            case CLIP -> {
                // max(-l, min(l, x))
                int l = scalarLocal[o.param()];
                loadLocal(l);
                insn(INEG);
                loadLocal(l);
                load(o.a());
                call(JMATH, "min", "(" + t + t + ")" + t);
                call(JMATH, "max", "(" + t + t + ")" + t);
            }
            case SIGN -> {
                load(o.a());
                call(MATH, "sign", "(" + t + ")" + t);
            }
        }
    }

    private void binary(LoopPlan.Op o) {
        if (isFloat && o.param() >= 0) {
            // x / s as x * (1/s), see LoopPlan#binaryOp
            load(o.a());
            mv.visitVarInsn(FLOAD, scalarLocal[o.param()]);
            insn(IMUL);
            return;
        }
        switch (o.binary()) {
            case ADD, SUB, MUL, QUOTIENT -> {
                load(o.a());
                load(o.b());
                insn(switch (o.binary()) {
                    case ADD -> IADD;
                    case SUB -> ISUB;
                    case MUL -> IMUL;
                    default -> IDIV;
                });
            }
            case DIV -> {
                // x / (y + delta)
                load(o.a());
                load(o.b());
                mv.visitLdcInsn(isFloat ? (Object) (float) Node.BinaryOp.DELTA : (Object) Node.BinaryOp.DELTA);
                insn(IADD);
                insn(IDIV);
            }
            case POW -> {
                loadDouble(o.a());
                loadDouble(o.b());
                inDouble(JMATH, "pow", "(DD)D");
            }
        }
    }

    /** The float or double form of an int instruction (IADD, IALOAD, ...). */
    private void insn(int intOpcode) {
        mv.visitInsn(type.getOpcode(intOpcode));
    }

    /** index0 + i, a long. */
    private void index() {
        mv.visitVarInsn(LLOAD, INDEX0);
        mv.visitVarInsn(ILOAD, i);
        mv.visitInsn(I2L);
        mv.visitInsn(LADD);
    }

    private void call(String owner, String name, String desc) {
        mv.visitMethodInsn(INVOKESTATIC, owner, name, desc, false);
    }

    /** Calls a function that returns a double, rounded to float in float loops. */
    private void inDouble(String owner, String name, String desc) {
        call(owner, name, desc);
        if (isFloat) {
            mv.visitInsn(D2F);
        }
    }

    private void widen() {
        if (isFloat) {
            mv.visitInsn(F2D);
        }
    }

    private void loadDouble(LoopPlan.Arg a) {
        load(a);
        widen();
    }

    private void loadElement(int array) {
        mv.visitVarInsn(ALOAD, array);
        mv.visitVarInsn(ILOAD, i);
        insn(IALOAD);
    }

    private void loadVector(int id) {
        loadLocal(vectorLocal[id]);
    }

    private void load(LoopPlan.Arg a) {
        loadLocal(a.scalar() ? scalarLocal[a.index()] : vectorLocal[a.index()]);
    }

    private void loadLocal(int local) {
        mv.visitVarInsn(type.getOpcode(ILOAD), local);
    }
}
