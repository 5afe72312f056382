package dev.nos.child;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Keeps a training process's resident memory flat by running the JVM's garbage collector every {@link #period()}
 * training steps, a period learned from the process's resident size.
 *
 * <p>Why: ND4J frees an array's native memory only after the garbage collector has found its Java object dead.
 * Training makes little Java garbage but much native garbage (about 10 MB a step on the {@code large} child), so
 * the heap may go minutes without a collection while the process grows by gigabytes: 0.6 to 9 GB in one
 * {@code large} evaluation, then an OOM kill (docs/results.md). Nothing else bounds it on this DL4J version
 * (1.0.0-M2.1): JavaCPP's {@code maxbytes} and {@code maxphysicalbytes} do not count ND4J's buffers, and ND4J's own
 * periodic collection ({@code MemoryManager.togglePeriodicGc}) is not called on this path.
 *
 * <p>How (our choice): every {@value #CHECK_EVERY} steps the resident size is read. When it has grown by the budget
 * above its ceiling (at first the first reading), the steps since the last collection become the period, the
 * ceiling moves to the current size, and the collector runs. From then on it runs every period steps, so each
 * period's garbage fits in the memory the previous collection freed, which the allocator hands out again. If the
 * process still grows by a budget (a larger child, or memory that is really held), the period shortens, by at most
 * half each time. Where the resident size cannot be read (no {@code /proc}), nothing is collected.
 *
 * <p>Thread safe: worker threads training in one process may share an instance.
 */
public final class NativeGarbageCollector {
    /** System property: the budget in MiB ({@value #DEFAULT_BUDGET_MIB} when unset; 0 turns collection off). */
    public static final String BUDGET_PROPERTY = "nos.nativeGarbageMiB";
    /** Our default: a tenth of the large child's unbounded growth, and the garbage of about 50 of its steps. */
    public static final long DEFAULT_BUDGET_MIB = 512;
    /** Steps between two readings of the resident size. */
    static final int CHECK_EVERY = 10;

    private final long budgetBytes;
    private final LongSupplier residentBytes;
    private final Runnable collect;
    private long stepsSinceCollection;
    private long period;
    private long ceiling = -1;
    private long collections;

    /**
     * @param budgetBytes   growth of the resident size that starts a collection; 0 or less: never collect
     * @param residentBytes the process's resident size in bytes, or a negative number when unknown
     * @param collect       the collection (the JVM's garbage collector in {@link #fromSystemProperties()})
     */
    public NativeGarbageCollector(long budgetBytes, LongSupplier residentBytes, Runnable collect) {
        this.budgetBytes = budgetBytes;
        this.residentBytes = residentBytes;
        this.collect = collect;
    }

    /**
     * The collector for this process: budget from {@value #BUDGET_PROPERTY}, resident size from
     * {@code /proc/self/status}, collection by {@link System#gc()}.
     *
     * @throws IllegalArgumentException when the property is not a whole number of MiB
     */
    public static NativeGarbageCollector fromSystemProperties() {
        String value = System.getProperty(BUDGET_PROPERTY);
        long mib = DEFAULT_BUDGET_MIB;
        if (value != null) {
            try {
                mib = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-D" + BUDGET_PROPERTY + "=" + value
                        + ": expected a whole number of MiB (0 turns the collection off)", e);
            }
            if (mib < 0) {
                throw new IllegalArgumentException("-D" + BUDGET_PROPERTY + "=" + value
                        + ": must be 0 (off) or more MiB");
            }
        }
        return new NativeGarbageCollector(mib << 20, NativeGarbageCollector::procResidentBytes, System::gc);
    }

    /** Called after each training (or evaluation) step. */
    public synchronized void afterStep() {
        if (budgetBytes <= 0) {
            return;
        }
        stepsSinceCollection++;
        if (period > 0 && stepsSinceCollection >= period) {
            collectNow();
            return;
        }
        if (stepsSinceCollection % CHECK_EVERY != 0) {
            return;
        }
        long resident = residentBytes.getAsLong();
        if (resident < 0) {
            return;
        }
        if (ceiling < 0) {
            ceiling = resident;
        } else if (resident >= ceiling + budgetBytes) {
            period = period == 0 ? stepsSinceCollection
                    : Math.min(period, Math.max(stepsSinceCollection, period / 2));
            ceiling = resident;
            collectNow();
        }
    }

    /** Steps between collections; 0 until learned. */
    public synchronized long period() {
        return period;
    }

    /** Collections run so far. */
    public synchronized long collections() {
        return collections;
    }

    private void collectNow() {
        collect.run();
        collections++;
        stepsSinceCollection = 0;
    }

    /** VmRSS of {@code /proc/self/status} in bytes, or -1 where it cannot be read. */
    public static long procResidentBytes() {
        try {
            return residentBytesOf(Files.readAllLines(Path.of("/proc/self/status")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The VmRSS line of a {@code /proc/<pid>/status} text in bytes, or -1 without one. */
    static long residentBytesOf(List<String> statusLines) {
        for (String line : statusLines) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                long value = Long.parseLong(parts[0]);
                return parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? value << 10 : value;
            }
        }
        return -1;
    }
}
