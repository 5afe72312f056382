package dev.nos.updater.loop;

import java.util.Locale;

/**
 * Whether FLOAT updates run as {@link VectorLoop}s (the Vector API over the arrays' memory) or as element-wise
 * {@link ChunkLoop}s over staged chunks. The Vector API is an incubator module in JDK 17, present only when the JVM
 * starts with {@code --add-modules jdk.incubator.vector} ({@code ./nos}, the images and the tests do); without it
 * the element-wise loops run, with the same results up to float rounding of exp, log and pow. The system property
 * {@code nos.loop.vector=false} turns the vector loops off (for comparisons).
 */
public final class VectorLoops {
    private VectorLoops() {}

    /** The module the vector loops need. */
    public static final String MODULE = "jdk.incubator.vector";

    /** True when the JVM has {@link #MODULE}. */
    public static boolean available() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    /** True when FLOAT updates compiled from now on use vector loops: available, and not turned off. */
    public static boolean enabled() {
        String p = System.getProperty("nos.loop.vector", "true").trim().toLowerCase(Locale.ROOT);
        return available() && !(p.equals("false") || p.equals("off") || p.equals("0"));
    }

    /** A line for logs and benchmarks: which loops FLOAT updates use, and why. */
    public static String describe() {
        if (enabled()) {
            return "FLOAT updates: vector loops (" + MODULE + ")";
        }
        return available() ? "FLOAT updates: element-wise loops (nos.loop.vector=false)"
                : "FLOAT updates: element-wise loops (start the JVM with --add-modules " + MODULE
                        + " for the vector loops)";
    }
}
