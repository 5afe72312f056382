package dev.nos.updater;

/** The fused {@link PowerSign} step: A(s) = exp(log(base) f(t) s), three Math.exp calls per step in all. */
public class PowerSignUpdater extends SignUpdater<PowerSign> {
    public PowerSignUpdater(PowerSign config) {
        super(config);
    }

    @Override
    void table(long t, double[] out) {
        double c = getConfig().logBase() * getConfig().getSignDecay().value(t);
        out[0] = Math.exp(c);
        out[1] = Math.exp(-c);
        out[2] = Math.exp(c * 0.0);
    }
}
