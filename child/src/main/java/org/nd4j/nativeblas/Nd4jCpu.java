package org.nd4j.nativeblas;

/**
 * Compatibility shim for a DL4J 1.0.0-M2.1 bug, and nothing more.
 *
 * <p>{@code org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper.mklDnnEnabled()} looks up the class
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment} by reflection and calls
 * {@code getInstance().isUseMKLDNN()}. That class moved to {@code org.nd4j.linalg.cpu.nativecpu.bindings}, so
 * the lookup fails and the oneDNN layer helpers (convolution, batch norm, pooling) silently stay off, making
 * the child CNN about 10x slower. This class of the old name answers "yes". The native library itself is
 * built with oneDNN (classifier {@code linux-x86_64-onednn-avx2}); the helpers' outputs match the built-in
 * path to float noise. See {@code dev.nos.child.OneDnn} and docs on DL4J on this machine.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** The environment object the helper check asks. */
    public static class Environment {
        private static final Environment INSTANCE = new Environment();

        /** The single instance. */
        public static Environment getInstance() {
            return INSTANCE;
        }

        /** Always true: the bundled native library has oneDNN. */
        public boolean isUseMKLDNN() {
            return true;
        }
    }
}
