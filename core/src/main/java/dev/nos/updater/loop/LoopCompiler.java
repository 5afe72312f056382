package dev.nos.updater.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a {@link LoopPlan} into a loop object: bytecode from {@link LoopGenerator} (or {@link VectorLoopGenerator}), defined as a hidden class (which
 * the JVM may unload once nothing uses it, so a search that compiles thousands of rules does not fill the
 * metaspace). Plans of the same {@link LoopPlan#shape} share one class, so the blocks of a network, and the
 * rules that differ only in constants, share the JIT's work; the cache keeps the {@link #CACHE_SIZE} most recently
 * used classes.
 */
final class LoopCompiler {
    private LoopCompiler() {}

    static final int CACHE_SIZE = 256;

    private static final String NAME = LoopCompiler.class.getPackageName().replace('.', '/') + "/CompiledLoop";

    private static final Map<String, Object> CACHE = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    /** The loop of {@code plan} for FLOAT ({@code isFloat}) or DOUBLE memory. */
    static ChunkLoop loop(LoopPlan plan, boolean isFloat) {
        String key = (isFloat ? "FLOAT " : "DOUBLE ") + plan.shape();
        synchronized (CACHE) { // generating takes well under a millisecond
            return (ChunkLoop) CACHE.computeIfAbsent(key, k -> define(LoopGenerator.generate(plan, isFloat, NAME)));
        }
    }

    /** The vector loop of {@code plan} for FLOAT memory; only where {@link VectorLoops#available()}. */
    static VectorLoop vectorLoop(LoopPlan plan) {
        String key = "VECTOR " + plan.shape();
        synchronized (CACHE) {
            return (VectorLoop) CACHE.computeIfAbsent(key, k -> define(VectorLoopGenerator.generate(plan, NAME)));
        }
    }

    private static Object define(byte[] bytes) {
        try {
            MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClass(bytes, true);
            return hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class)).invoke();
        } catch (Throwable e) {
            throw new IllegalStateException("could not define a generated update loop: " + e, e);
        }
    }
}
