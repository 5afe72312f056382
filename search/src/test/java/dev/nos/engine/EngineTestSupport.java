package dev.nos.engine;

import dev.nos.policy.ControllerSettings;

/** Small settings for fast engine tests. */
final class EngineTestSupport {
    private EngineTestSupport() {}

    /** PPO over small:2 with a small controller (hidden 32, lr 1e-3), synthetic reward, 1 worker. */
    static SearchSettings small(long trials) {
        return SearchSettings.defaults(trials)
                .withController(ControllerSettings.paper().withHidden(32).withLearningRate(1e-3));
    }
}
