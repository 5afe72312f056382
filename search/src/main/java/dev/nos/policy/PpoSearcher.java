package dev.nos.policy;

/**
 * Gone: PPO is {@code new PolicySearcher(space, settings, PolicyObjective.PPO, seed)} (or
 * {@code Searchers.create("ppo", ...)}). This empty type remains only because
 * {@code dev.nos.engine.bench.SearchBenchmark} still has an unused {@code import dev.nos.policy.PpoSearcher}, and the
 * engine is not this package's to edit; delete this file together with that import.
 */
@Deprecated(forRemoval = true)
public final class PpoSearcher {
    private PpoSearcher() {}
}
