package dev.nos.updater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The address of a view with a nonzero offset is the address of its own element 0. */
class NativeMemoryTest {

    @Test
    void viewAddressIncludesOffset() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray flat = Nd4j.arange(100).castTo(type).reshape(1, 100);
            INDArray view = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(10, 30));
            assertEquals(10, view.offset());
            boolean isFloat = type == DataType.FLOAT;
            long a = NativeMemory.address(view);
            for (int i = 0; i < 20; i++) {
                assertEquals(10.0 + i, NativeMemory.get(isFloat, a, i), type + " element " + i);
            }
            NativeMemory.put(isFloat, a, 0, -5);
            assertEquals(-5.0, flat.getDouble(10));
            INDArray reshaped = view.reshape(20);
            assertEquals(a, NativeMemory.address(reshaped));
            assertTrue(NativeMemory.isContiguous(view));
        }
    }

    @Test
    void otherTypesFailClearly() {
        INDArray half = Nd4j.zeros(DataType.HALF, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NativeMemory.isFloat(half, "the gradient"));
        assertTrue(e.getMessage().contains("HALF"), e.getMessage());
    }

    @Test
    void stridedViewFallsBackToCopy() {
        RuleUpdater config = new RuleUpdater(dev.nos.rule.Rule.parseTokens("g 2 id id mul"), 0.5);
        RuleGradientUpdater u = (RuleGradientUpdater) config.instantiate((INDArray) null, true);
        INDArray m = Nd4j.arange(12).castTo(DataType.DOUBLE).reshape(3, 4);
        INDArray column = m.getColumn(1);
        assertTrue(!NativeMemory.isContiguous(column));
        u.applyUpdater(column, 0, 0);
        assertEquals(1.0, m.getDouble(0, 1));
        assertEquals(5.0, m.getDouble(1, 1));
        assertEquals(9.0, m.getDouble(2, 1));
        assertEquals(2.0, m.getDouble(0, 2));
    }
}
