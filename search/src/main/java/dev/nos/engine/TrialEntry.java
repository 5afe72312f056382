package dev.nos.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.nos.policy.SampledRule;
import dev.nos.rule.Rule;

import java.util.Map;

/**
 * One line of {@code trials.jsonl}: a finished trial.
 *
 * @param trial          its number in the search, 1, 2, 3 ... in the order trials finished (unique)
 * @param rule           the rule in infix form
 * @param tokens         the rule in token form
 * @param reward         the reward (0 for DIVERGED and FAILED)
 * @param status         {@code OK}, {@code DIVERGED} or {@code FAILED}
 * @param cached         true when the reward was taken from an equivalent rule evaluated before (no training)
 * @param cachedFrom     for a cached trial, the trial whose reward it took; else null
 * @param bestLearningRate the learning rate the child picked, or null
 * @param error          what went wrong, or null
 * @param seconds        the evaluation's time (0 for a cached trial)
 * @param finishedAt     wall-clock time the trial finished, ms since the epoch
 * @param searcher       the searcher that proposed it
 * @param policyVersion  the searcher's number of updates when it sampled the rule
 * @param batch          which sampling call of the searcher produced it
 * @param choices        the choice indices
 * @param logProbs       the log-probability of each choice when sampled
 * @param attempts       how many times a worker started it (more than 1 when a worker died)
 * @param seed           the seed the child trained with
 * @param details        what else the executor reported
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"trial", "rule", "tokens", "reward", "status", "cached", "cachedFrom", "bestLearningRate", "error",
        "seconds", "finishedAt", "searcher", "policyVersion", "batch", "choices", "logProbs", "attempts", "seed", "details"})
public record TrialEntry(long trial, String rule, String tokens, double reward, String status, boolean cached,
                         Long cachedFrom, Double bestLearningRate, String error, double seconds, long finishedAt,
                         String searcher, long policyVersion, long batch, int[] choices, double[] logProbs,
                         int attempts, long seed, Map<String, Object> details) {

    /** The sample as the searcher produced it, to feed it back (after a resume too). */
    public SampledRule sample() {
        return new SampledRule(Rule.parseTokens(tokens), choices, logProbs, policyVersion);
    }
}
