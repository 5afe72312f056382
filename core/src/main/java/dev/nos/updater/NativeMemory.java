package dev.nos.updater;

import java.lang.reflect.Field;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import sun.misc.Unsafe;

/**
 * Direct access to the off-heap memory of ND4J arrays with {@code sun.misc.Unsafe} (module jdk.unsupported).
 *
 * <p>{@link #address(INDArray)} is the address of the array's first element. For ND4J 1.0.0-M2.1 on CPU,
 * {@code data().addressPointer().address()} already includes a view's offset (while {@code data().address()}
 * does not); {@code NativeMemoryTest} checks this on views with a nonzero offset. Callers must keep the arrays
 * reachable ({@link java.lang.ref.Reference#reachabilityFence}) for as long as they use the address.
 */
final class NativeMemory {
    private NativeMemory() {}

    static final Unsafe UNSAFE = loadUnsafe();

    private static Unsafe loadUnsafe() {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("sun.misc.Unsafe is not available: " + e);
        }
    }

    /** Address of element 0 of {@code array} (view offset included). */
    static long address(INDArray array) {
        return array.data().addressPointer().address();
    }

    /** True for FLOAT, false for DOUBLE; any other type fails with a message naming {@code what}. */
    static boolean isFloat(INDArray array, String what) {
        DataType t = array.dataType();
        if (t == DataType.FLOAT) {
            return true;
        }
        if (t == DataType.DOUBLE) {
            return false;
        }
        throw new IllegalArgumentException(what + " has data type " + t + "; the nos updaters support FLOAT and DOUBLE only");
    }

    /**
     * True when the array's elements fill one dense block of memory (element-wise stride 1). Element-wise updates
     * only need a fixed one-to-one map between elements and memory, so the ordering does not matter.
     */
    static boolean isContiguous(INDArray array) {
        return array.length() <= 1 || array.elementWiseStride() == 1;
    }

    static double get(boolean isFloat, long base, long i) {
        return isFloat ? UNSAFE.getFloat(base + (i << 2)) : UNSAFE.getDouble(base + (i << 3));
    }

    static void put(boolean isFloat, long base, long i, double x) {
        if (isFloat) {
            UNSAFE.putFloat(base + (i << 2), (float) x);
        } else {
            UNSAFE.putDouble(base + (i << 3), x);
        }
    }

    static int elementSize(boolean isFloat) {
        return isFloat ? 4 : 8;
    }
}
