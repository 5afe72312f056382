package dev.nos.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NativeGarbageCollectorTest {
    private static final long MIB = 1L << 20;

    /**
     * A process as the collector sees it: each step leaves {@code garbagePerStep} bytes of garbage, taken from
     * memory freed earlier when there is some, else from new resident memory; a collection frees all garbage, and
     * the freed memory stays resident (as glibc keeps it) for later steps.
     */
    private static final class SimulatedProcess {
        long resident = 1000 * MIB;
        long freed;
        long garbage;
        long garbagePerStep;

        SimulatedProcess(long garbagePerStep) {
            this.garbagePerStep = garbagePerStep;
        }

        void step() {
            long fromFreed = Math.min(freed, garbagePerStep);
            freed -= fromFreed;
            resident += garbagePerStep - fromFreed;
            garbage += garbagePerStep;
        }

        void collect() {
            freed += garbage;
            garbage = 0;
        }
    }

    @Test
    void withoutCollectionsTheSimulatedProcessGrowsWithEveryStep() {
        SimulatedProcess p = new SimulatedProcess(10 * MIB);
        NativeGarbageCollector off = new NativeGarbageCollector(0, () -> p.resident, p::collect);
        for (int i = 0; i < 1000; i++) {
            p.step();
            off.afterStep();
        }
        assertEquals(0, off.collections());
        assertEquals(1000 * MIB + 1000 * 10 * MIB, p.resident);
    }

    @Test
    void learnsThePeriodFromTheBudgetAndKeepsResidentMemoryFlat() {
        SimulatedProcess p = new SimulatedProcess(10 * MIB);
        NativeGarbageCollector c = new NativeGarbageCollector(500 * MIB, () -> p.resident, p::collect);
        long peakAfterLearning = 0;
        for (int i = 0; i < 10_000; i++) {
            p.step();
            c.afterStep();
            if (i >= 1000) {
                peakAfterLearning = Math.max(peakAfterLearning, p.resident);
            }
        }
        // the first reading is at step 10; 50 more steps of 10 MiB reach the budget of 500 MiB
        assertEquals(60, c.period());
        assertTrue(c.collections() > 10_000 / 60 - 2, "collections: " + c.collections());
        assertTrue(peakAfterLearning <= 1000 * MIB + 600 * MIB + 10 * MIB, "peak " + (peakAfterLearning / MIB) + " MiB");
        long before = p.resident;
        for (int i = 0; i < 10_000; i++) {
            p.step();
            c.afterStep();
        }
        assertEquals(before, p.resident, "resident memory grew after the period was learned");
    }

    @Test
    void moreGarbagePerStepShortensThePeriodAndStaysBounded() {
        SimulatedProcess p = new SimulatedProcess(10 * MIB);
        NativeGarbageCollector c = new NativeGarbageCollector(500 * MIB, () -> p.resident, p::collect);
        for (int i = 0; i < 2000; i++) {
            p.step();
            c.afterStep();
        }
        long learned = c.period();
        p.garbagePerStep = 40 * MIB;
        for (int i = 0; i < 2000; i++) {
            p.step();
            c.afterStep();
        }
        assertTrue(c.period() < learned, "period " + c.period() + " was " + learned);
        long before = p.resident;
        for (int i = 0; i < 5000; i++) {
            p.step();
            c.afterStep();
        }
        assertEquals(before, p.resident, "resident memory still grows at 40 MiB a step");
        // a budget (plus a check interval) to learn, then about one more for each halving: 4x the garbage, 2 halvings
        assertTrue(before <= 1000 * MIB + 5 * 500 * MIB, "resident " + (before / MIB) + " MiB");
    }

    @Test
    void neverCollectsWhereTheResidentSizeIsUnknown() {
        SimulatedProcess p = new SimulatedProcess(10 * MIB);
        NativeGarbageCollector c = new NativeGarbageCollector(500 * MIB, () -> -1, p::collect);
        for (int i = 0; i < 1000; i++) {
            p.step();
            c.afterStep();
        }
        assertEquals(0, c.collections());
        assertEquals(0, c.period());
    }

    @Test
    void readsTheResidentSizeOfProcStatus() {
        assertEquals(123_456L * 1024, NativeGarbageCollector.residentBytesOf(
                List.of("Name:\tjava", "VmPeak:\t  999 kB", "VmRSS:\t  123456 kB", "RssAnon:\t 1 kB")));
        assertEquals(-1, NativeGarbageCollector.residentBytesOf(List.of("Name:\tjava")));
    }

    @Test
    void aBadBudgetPropertyIsNamedInTheError() {
        String old = System.getProperty(NativeGarbageCollector.BUDGET_PROPERTY);
        try {
            System.setProperty(NativeGarbageCollector.BUDGET_PROPERTY, "lots");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    NativeGarbageCollector::fromSystemProperties);
            assertTrue(e.getMessage().contains("-Dnos.nativeGarbageMiB=lots"), e.getMessage());
            System.setProperty(NativeGarbageCollector.BUDGET_PROPERTY, "-5");
            assertThrows(IllegalArgumentException.class, NativeGarbageCollector::fromSystemProperties);
        } finally {
            if (old == null) {
                System.clearProperty(NativeGarbageCollector.BUDGET_PROPERTY);
            } else {
                System.setProperty(NativeGarbageCollector.BUDGET_PROPERTY, old);
            }
        }
    }

    /**
     * Real ND4J arrays: 2 GiB of 8 MiB arrays made and dropped (the JVM sees almost no garbage, so without
     * collections it would not run for a long time). With a 64 MiB budget the process must stay within a few
     * budgets of where it started.
     */
    @Test
    void boundsTheResidentMemoryOfDroppedNd4jArrays() {
        NativeGarbageCollector c = new NativeGarbageCollector(64 * MIB, NativeGarbageCollector::procResidentBytes,
                System::gc);
        Nd4j.create(DataType.FLOAT, 1).addi(1); // load ND4J before the first reading
        System.gc();
        long start = NativeGarbageCollector.procResidentBytes();
        assertTrue(start > 0, "this test needs /proc/self/status");
        long peak = start;
        for (int i = 0; i < 256; i++) {
            INDArray a = Nd4j.create(DataType.FLOAT, 2, 1 << 20).addi(1);
            assertEquals(1f, a.getFloat(0), 0f);
            c.afterStep();
            peak = Math.max(peak, NativeGarbageCollector.procResidentBytes());
        }
        assertTrue(peak - start < 768 * MIB, "resident memory grew by " + ((peak - start) / MIB) + " MiB for 2048 MiB"
                + " of dropped arrays; period " + c.period() + ", collections " + c.collections());
        assertTrue(c.collections() > 0, "no collection ran");
    }
}
