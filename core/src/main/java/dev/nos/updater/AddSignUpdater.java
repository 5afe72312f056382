package dev.nos.updater;

import dev.nos.updater.loop.Node;

/** The {@link AddSign} step: A(s) = alpha + f(t) s. */
public class AddSignUpdater extends SignUpdater<AddSign> {
    public AddSignUpdater(AddSign config) {
        super(config, new Node.Binary(Node.BinaryOp.ADD, new Node.Step(1), Node.mul(new Node.Step(2), SIGNS)), 2,
                (t, out) -> {
                    out[1] = config.getAlpha();
                    out[2] = config.getSignDecay().value(t);
                });
    }
}
