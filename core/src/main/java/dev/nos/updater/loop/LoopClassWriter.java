package dev.nos.updater.loop;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * The class around a generated loop: a public final class implementing a one-method interface ({@link ChunkLoop} or
 * {@link VectorLoop}) with a no-argument constructor, the method's visitor, and its local variables handed out in
 * order after the parameters.
 */
final class LoopClassWriter {
    private final ClassWriter cw;
    /** The visitor of the interface's method, code started. */
    final MethodVisitor mv;
    private int next;

    /** A class {@code name} implementing {@code loopInterface}; locals start at {@code firstLocal}. */
    LoopClassWriter(String name, Class<?> loopInterface, int firstLocal) {
        cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return "java/lang/Object";
            }
        };
        cw.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, name, null, "java/lang/Object",
                new String[] {Type.getInternalName(loopInterface)});
        MethodVisitor init = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        init.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        java.lang.reflect.Method m = loopInterface.getMethods()[0];
        mv = cw.visitMethod(ACC_PUBLIC | ACC_FINAL, m.getName(), Type.getMethodDescriptor(m), null, null);
        mv.visitCode();
        next = firstLocal;
    }

    /** A new local of {@code slots} slots. */
    int local(int slots) {
        int k = next;
        next += slots;
        return k;
    }

    /** A new local of {@code slots} slots holding {@code array[k]} (the array in local {@code array}). */
    int toLocal(int array, int k, int load, int store, int slots) {
        int local = local(slots);
        mv.visitVarInsn(ALOAD, array);
        mv.visitLdcInsn(k);
        mv.visitInsn(load);
        mv.visitVarInsn(store, local);
        return local;
    }

    /** Ends the method (after its last instruction) and the class; the class file. */
    byte[] finish() {
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }
}
