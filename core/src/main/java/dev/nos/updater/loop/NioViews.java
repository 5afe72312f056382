package dev.nos.updater.loop;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * NIO views of the off-heap memory of ND4J arrays, without {@code sun.misc.Unsafe}: a JavaCPP pointer at the
 * array's element 0, windowed and wrapped as a direct {@code FloatBuffer} or {@code DoubleBuffer}, whose bulk
 * {@code get}/{@code put} stage chunks into heap arrays.
 *
 * <p>Two facts of ND4J 1.0.0-M2.1 on CPU this relies on ({@code NioViewsTest} checks both on views with a nonzero
 * offset): {@code data().addressPointer()} points at the view's own element 0, while {@code data().asNio()} covers
 * the whole underlying buffer from its start, so it is not used here. A view does not keep its array alive: callers
 * hold the arrays ({@link java.lang.ref.Reference#reachabilityFence}) while they use one.
 */
public final class NioViews {
    private NioViews() {}

    /** The pointer at element 0 of {@code array} (a view's offset included); valid for {@code array.length()}. */
    public static Pointer base(INDArray array) {
        return array.data().addressPointer();
    }

    /** The address of element 0 of {@code array}, for identifying memory (never dereferenced here). */
    public static long address(INDArray array) {
        return base(array).address();
    }

    /** Elements [from, from + n) of the FLOAT ({@code isFloat}) or DOUBLE memory at {@code base}. */
    static Buffer view(Pointer base, long from, int n, boolean isFloat) {
        ByteBuffer b = bytes(base, from, n, isFloat);
        return isFloat ? b.asFloatBuffer() : b.asDoubleBuffer();
    }

    /** The bytes of elements [from, from + n) of the FLOAT ({@code isFloat}) or DOUBLE memory at {@code base}, in native order. */
    static ByteBuffer bytes(Pointer base, long from, int n, boolean isFloat) {
        Pointer p = isFloat ? new FloatPointer(base) : new DoublePointer(base);
        // JavaCPP's buffer starts at the pointer's address with its position at element {@code from}: slice it, so
        // that index 0 is element {@code from} for absolute reads (the Vector API's); slice() resets the byte order
        return p.position(from).limit(from + n).asByteBuffer().slice().order(ByteOrder.nativeOrder());
    }

    /** True for FLOAT, false for DOUBLE; any other type fails with a message naming {@code what}. */
    public static boolean isFloat(INDArray array, String what) {
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
    public static boolean isContiguous(INDArray array) {
        return array.length() <= 1 || array.elementWiseStride() == 1;
    }

    /** Bytes per element. */
    public static int elementSize(boolean isFloat) {
        return isFloat ? 4 : 8;
    }
}
