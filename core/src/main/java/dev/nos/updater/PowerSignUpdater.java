package dev.nos.updater;

import dev.nos.updater.loop.Node;

/** The {@link PowerSign} step: A(s) = exp(log(base) f(t) s), three Math.exp calls per step in all. */
public class PowerSignUpdater extends SignUpdater<PowerSign> {
    public PowerSignUpdater(PowerSign config) {
        super(config, new Node.Unary(Node.UnaryOp.EXP, 0, Node.mul(new Node.Step(1), SIGNS)), 1,
                (t, out) -> out[1] = config.logBase() * config.getSignDecay().value(t));
    }
}
