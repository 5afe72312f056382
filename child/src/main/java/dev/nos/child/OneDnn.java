package dev.nos.child;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;

/**
 * Turns DL4J's oneDNN layer helpers on and checks that they are on. Three things are needed on this DL4J
 * version: the system property {@value #PROPERTY}{@code =false} (set by {@link #ensureEnabled()} unless the
 * user set it), the shim class {@code org.nd4j.nativeblas.Nd4jCpu} (in this module), and the environment
 * variable {@code OMP_WAIT_POLICY=PASSIVE} (must be set by the launcher; Java cannot set it for itself).
 */
public final class OneDnn {
    /** DL4J's switch; it defaults to true, which keeps the helpers off. */
    public static final String PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    private OneDnn() {
    }

    /** Sets {@value #PROPERTY}=false unless already set; call before any DL4J layer is built. */
    public static void ensureEnabled() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "false");
        }
    }

    /**
     * True when the network has at least one convolution layer and every convolution layer really runs
     * through its oneDNN helper ({@link MKLDNNConvHelper}).
     */
    public static boolean helpersActive(ChildNetwork net) {
        boolean anyConv = false;
        for (Layer layer : net.layers()) {
            if (layer instanceof ConvolutionLayer) {
                anyConv = true;
                LayerHelper helper = ((ConvolutionLayer) layer).getHelper();
                if (!(helper instanceof MKLDNNConvHelper)) {
                    return false;
                }
            }
        }
        return anyConv;
    }

    /** Whether OMP_WAIT_POLICY=PASSIVE is set (without it a busy machine slows training many times over). */
    public static boolean ompPassive() {
        return "PASSIVE".equalsIgnoreCase(System.getenv("OMP_WAIT_POLICY"));
    }
}
