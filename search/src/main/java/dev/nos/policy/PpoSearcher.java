package dev.nos.policy;

import dev.nos.rule.space.SearchSpace;

/**
 * The paper's searcher: the LSTM controller trained with PPO ({@link ControllerSettings#ppoEpochs()} passes of the
 * clipped-ratio loss over each batch, entropy bonus, Adam).
 */
public final class PpoSearcher extends PolicySearcher {
    public PpoSearcher(SearchSpace space, ControllerSettings settings, long seed) {
        super(space, settings, PolicyObjective.PPO, seed);
    }

    @Override
    public String name() {
        return "ppo";
    }

    @Override
    protected int passes() {
        return settings().ppoEpochs();
    }
}
