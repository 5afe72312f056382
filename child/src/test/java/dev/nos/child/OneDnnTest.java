package dev.nos.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;

/** Fails when DL4J's oneDNN helpers are off (the child would train about 10x slower). */
class OneDnnTest {
    @Test
    void convolutionLayersRunThroughOneDnn() {
        OneDnn.ensureEnabled();
        assertEquals("false", System.getProperty(OneDnn.PROPERTY));
        ChildNetwork net = ChildNetworks.build(ChildKind.PAPER, 1, 28, 28, 10, new Adam(1e-3), 1);
        assertEquals(72_554, net.parameterCount());
        assertTrue(OneDnn.helpersActive(net), "oneDNN convolution helper is not active: check the "
                + "Nd4jCpu shim and " + OneDnn.PROPERTY + "=false");
        ChildNetwork large = ChildNetworks.build(ChildKind.LARGE, 3, 32, 32, 10, new Adam(1e-3), 1);
        assertTrue(OneDnn.helpersActive(large));
        ChildNetwork residual = ChildNetworks.build(ChildKind.RESIDUAL, 1, 28, 28, 10, new Adam(1e-3), 1);
        assertTrue(OneDnn.helpersActive(residual));
    }
}
