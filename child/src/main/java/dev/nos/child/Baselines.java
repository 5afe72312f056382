package dev.nos.child;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import dev.nos.updater.AddSign;
import dev.nos.updater.PowerSign;
import dev.nos.updater.UpdaterFactory;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The baseline optimizers, as DL4J updaters: SGD, Momentum (DL4J's Nesterov momentum, 0.9), Adam (0.9,
 * 0.999, 1e-8), RMSProp (DL4J defaults: decay 0.95, epsilon 1e-8), and the paper's PowerSign
 * ({@code e^(sign(g)*sign(m)) * g}) and AddSign ({@code (1 + sign(g)*sign(m)) * g}) as nos's fused updaters.
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
        m.put("PowerSign", (lr, t) -> new PowerSign(lr));
        m.put("AddSign", (lr, t) -> new AddSign(lr));
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
