package dev.nos.updater.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** A view with a nonzero offset is read and written at its own element 0, windowed. */
class NioViewsTest {

    @Test
    void viewsOfAViewWithAnOffset() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray flat = Nd4j.arange(100).castTo(type).reshape(1, 100);
            INDArray view = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(10, 30));
            assertEquals(10, view.offset());
            boolean isFloat = NioViews.isFloat(view, "view");
            assertEquals(type == DataType.FLOAT, isFloat);
            if (isFloat) {
                FloatBuffer all = (FloatBuffer) NioViews.view(NioViews.base(view), 0, 20, true);
                assertEquals(20, all.capacity());
                for (int i = 0; i < 20; i++) {
                    assertEquals(10f + i, all.get(i), type + " element " + i);
                }
                FloatBuffer window = (FloatBuffer) NioViews.view(NioViews.base(view), 5, 3, true);
                assertEquals(15f, window.get(0));
                window.put(1, -5f);
            } else {
                DoubleBuffer all = (DoubleBuffer) NioViews.view(NioViews.base(view), 0, 20, false);
                for (int i = 0; i < 20; i++) {
                    assertEquals(10.0 + i, all.get(i), type + " element " + i);
                }
                DoubleBuffer window = (DoubleBuffer) NioViews.view(NioViews.base(view), 5, 3, false);
                assertEquals(15.0, window.get(0));
                window.put(1, -5.0);
            }
            assertEquals(-5.0, flat.getDouble(16));
            assertEquals(NioViews.address(view), NioViews.address(view.reshape(20)));
            assertEquals(NioViews.address(flat) + 10L * NioViews.elementSize(isFloat), NioViews.address(view));
            assertTrue(NioViews.isContiguous(view));
        }
    }

    @Test
    void byteWindowsStartAtTheirFirstElementForAbsoluteReads() {
        INDArray flat = Nd4j.arange(100).castTo(DataType.FLOAT).reshape(1, 100);
        INDArray view = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(10, 30));
        ByteBuffer window = NioViews.bytes(NioViews.base(view), 5, 3, true);
        // what the vector loops rely on: absolute byte index 0 is element 5 of the view (15 of the array)
        assertEquals(12, window.capacity());
        assertEquals(0, window.position());
        assertEquals(ByteOrder.nativeOrder(), window.order());
        assertEquals(15f, window.getFloat(0));
        assertEquals(17f, window.getFloat(8));
        window.putFloat(4, -7f);
        assertEquals(-7.0, flat.getDouble(16));
    }

    @Test
    void otherTypesFailClearly() {
        INDArray half = Nd4j.zeros(DataType.HALF, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NioViews.isFloat(half, "the gradient"));
        assertTrue(e.getMessage().contains("HALF"), e.getMessage());
    }

    @Test
    void stridedViewIsNotContiguous() {
        INDArray m = Nd4j.arange(12).castTo(DataType.DOUBLE).reshape(3, 4);
        assertTrue(!NioViews.isContiguous(m.getColumn(1)));
    }
}
