package dev.nos.updater;

/** The fused {@link AddSign} step: A(s) = alpha + f(t) s. */
public class AddSignUpdater extends SignUpdater<AddSign> {
    public AddSignUpdater(AddSign config) {
        super(config);
    }

    @Override
    void table(long t, double[] out) {
        double alpha = getConfig().getAlpha();
        double f = getConfig().getSignDecay().value(t);
        out[0] = alpha + f;
        out[1] = alpha + -f;
        out[2] = alpha + f * 0.0;
    }
}
