package dev.nos.updater;

import java.io.Serializable;
import java.util.Objects;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;

/**
 * The internal decay f(t) of PowerSign and AddSign, as TensorFlow's {@code tf.contrib.opt} sign decays
 * ({@code get_linear_decay_fn}, {@code get_cosine_decay_fn}, {@code get_restart_decay_fn} in TensorFlow's
 * {@code tensorflow/contrib/opt/python/training/sign_decay.py}; t = iteration, the first update is t = 0,
 * T = decaySteps). All three cap t at T first ({@code global_step = minimum(global_step, decay_steps)}):
 * <ul>
 *   <li>none: 1;</li>
 *   <li>linear: (T - min(t, T)) / T, so 0 from t = T on;</li>
 *   <li>cosine: 0.5 * (1 + cos(2 pi numPeriods min(t, T) / T)), numPeriods 0.5 by default, so 0 from t = T on;</li>
 *   <li>restart: 0.5 * (1 + cos(pi ((numPeriods min(t, T)) mod T) / T)), numPeriods 1 by default. The restarts
 *       happen within the first T steps; from t = T on f stays at its value at T, which is 1 for a whole number of
 *       periods ((n T) mod T = 0), not a further cycle.</li>
 * </ul>
 * Computed in double where TensorFlow uses float32; its {@code zero_after} option is not offered.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public final class SignDecay implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum Kind { NONE, LINEAR, COSINE, RESTART }

    private Kind kind = Kind.NONE;
    private long decaySteps;
    private double numPeriods;

    /** For JSON: no decay. */
    public SignDecay() {
    }

    private SignDecay(Kind kind, long decaySteps, double numPeriods) {
        if (kind != Kind.NONE && decaySteps <= 0) {
            throw new IllegalArgumentException(kind.name().toLowerCase() + " sign decay needs positive decaySteps, got " + decaySteps);
        }
        this.kind = kind;
        this.decaySteps = decaySteps;
        this.numPeriods = numPeriods;
    }

    public static SignDecay none() {
        return new SignDecay(Kind.NONE, 0, 0);
    }

    public static SignDecay linear(long decaySteps) {
        return new SignDecay(Kind.LINEAR, decaySteps, 0);
    }

    public static SignDecay cosine(long decaySteps) {
        return cosine(decaySteps, 0.5);
    }

    public static SignDecay cosine(long decaySteps, double numPeriods) {
        return new SignDecay(Kind.COSINE, decaySteps, numPeriods);
    }

    public static SignDecay restart(long decaySteps) {
        return restart(decaySteps, 1);
    }

    public static SignDecay restart(long decaySteps, double numPeriods) {
        return new SignDecay(Kind.RESTART, decaySteps, numPeriods);
    }

    public Kind kind() {
        return kind;
    }

    public long decaySteps() {
        return decaySteps;
    }

    public double numPeriods() {
        return numPeriods;
    }

    /** f(t), t &gt;= 0 the iteration (capped at decaySteps as TensorFlow does). */
    public double value(long t) {
        double T = decaySteps;
        switch (kind) {
            case LINEAR:
                return (T - Math.min(t, decaySteps)) / T;
            case COSINE:
                return 0.5 * (1.0 + Math.cos(2.0 * Math.PI * numPeriods * Math.min(t, decaySteps) / T));
            case RESTART:
                return 0.5 * (1.0 + Math.cos(Math.PI * ((numPeriods * Math.min(t, decaySteps)) % T) / T));
            default:
                return 1.0;
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SignDecay)) {
            return false;
        }
        SignDecay d = (SignDecay) o;
        return kind == d.kind && decaySteps == d.decaySteps && Double.compare(numPeriods, d.numPeriods) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind.name(), decaySteps, numPeriods);
    }

    @Override
    public String toString() {
        return kind == Kind.NONE ? "none" : kind.name().toLowerCase() + "(" + decaySteps + ", " + numPeriods + ")";
    }
}
