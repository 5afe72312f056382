package dev.nos.policy;

import dev.nos.rule.Rule;
import dev.nos.rule.space.SearchSpace;

import java.util.List;
import java.util.function.Predicate;

/**
 * A search strategy over the rules of a {@link SearchSpace}: it proposes rules and learns from their rewards.
 * The LSTM controller trained with PPO or with REINFORCE ({@link PolicySearcher} with {@link PolicyObjective#PPO} or
 * {@link PolicyObjective#REINFORCE}) and random search ({@link RandomSearcher}) all sit behind this interface, so the
 * engine runs any of them unchanged.
 *
 * <p>Not thread-safe: the engine calls it from one thread. Sampling is deterministic given the searcher's seed,
 * its learning history and the number of earlier {@link #sample} calls.
 */
public interface Searcher {

    /** {@code ppo}, {@code reinforce} or {@code random}. */
    String name();

    /** The space the rules come from. */
    SearchSpace space();

    /** Samples {@code n} rules from the current policy, each with the log-probability of every choice. */
    List<SampledRule> sample(int n);

    /**
     * Samples {@code n} rules as {@link #sample(int)} does, told which rules were proposed before in the search
     * ({@code proposedBefore}: trained, cached or in flight), so that a searcher that avoids them
     * ({@link ControllerSettings#redrawTried}) can draw again. The default ignores it.
     */
    default List<SampledRule> sample(int n, Predicate<Rule> proposedBefore) {
        return sample(n);
    }

    /**
     * Learns from rewarded rules, which may have been sampled by an older policy (each carries the log-probabilities
     * it was sampled with). A searcher that does not learn ignores them.
     */
    void learn(List<ScoredRule> batch);

    /** How many times {@link #learn} changed the policy. */
    long updates();

    /** The training loss of the last batch learned from, before its update; NaN for a searcher without one. */
    default double lastLoss() {
        return Double.NaN;
    }

    /** Everything needed to continue exactly where this searcher is (for checkpoints). */
    SearcherState state();

    /** Restores a state written by {@link #state()} of a searcher of the same kind and space. */
    void restore(SearcherState state);
}
