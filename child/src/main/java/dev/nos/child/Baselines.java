package dev.nos.child;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The baseline optimizers, as DL4J updaters: SGD, Momentum (DL4J's Nesterov momentum, 0.9), Adam (0.9,
 * 0.999, 1e-8) and RMSProp (DL4J defaults: decay 0.95, epsilon 1e-8).
 */
public final class Baselines {
    private Baselines() {
    }

    /** Name to factory, in display order. */
    public static Map<String, UpdaterFactory> all() {
        Map<String, UpdaterFactory> m = new LinkedHashMap<>();
        m.put("SGD", (lr, t) -> new Sgd(lr));
        m.put("Momentum", (lr, t) -> new Nesterovs(lr, 0.9));
        m.put("Adam", (lr, t) -> new Adam(lr));
        m.put("RMSProp", (lr, t) -> new RmsProp(lr));
        return m;
    }

    /** A baseline by name (any case). */
    public static UpdaterFactory byName(String name) {
        for (Map.Entry<String, UpdaterFactory> e : all().entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return e.getValue();
            }
        }
        throw new IllegalArgumentException("unknown baseline '" + name + "'; known: " + all().keySet());
    }
}
