package dev.nos.policy;

import dev.nos.rule.space.SearchSpace;

/** The LSTM controller trained with REINFORCE: one gradient step per batch on mean(advantage * log p), same baseline. */
public final class ReinforceSearcher extends PolicySearcher {
    public ReinforceSearcher(SearchSpace space, ControllerSettings settings, long seed) {
        super(space, settings, PolicyObjective.REINFORCE, seed);
    }

    @Override
    public String name() {
        return "reinforce";
    }

    @Override
    protected int passes() {
        return 1;
    }
}
