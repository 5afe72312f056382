package dev.nos.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.nos.trial.TrialRecord;
import dev.nos.trial.TrialRequest;
import dev.nos.trial.TrialStatus;

/**
 * One line of the trial log ({@code trials.jsonl}): a finished trial, as the worker's {@link TrialRecord} wrapped in
 * the search's bookkeeping. Its {@code request} is the one the worker got, verbatim, so any trial can be rerun alone
 * ({@code nos trial --request}).
 *
 * @param trial         its number in the log: 1, 2, 3 ... in the order trials finished
 * @param rule          the request's rule in infix form, for people
 * @param request       what the worker was (or, for a cached trial, would have been) asked to run
 * @param record        what was measured: the worker's record; for a cached trial, the record of the equivalent rule
 *                      it took its reward from
 * @param cachedFrom    for a cached trial (no training: an equivalent rule was evaluated before), the trial whose
 *                      record it took; else null
 * @param attempts      how many times a worker started it (more than 1 when a worker died; 0 when cached)
 * @param finishedAt    wall-clock time it finished, ms since the epoch
 * @param searcher      the searcher that proposed it
 * @param policyVersion the searcher's number of updates when it sampled the rule
 * @param batch         which sampling call of the searcher produced it
 * @param choices       the choice indices
 * @param logProbs      the log-probability of each choice when sampled
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"trial", "rule", "request", "record", "cachedFrom", "attempts", "finishedAt", "searcher",
        "policyVersion", "batch", "choices", "logProbs"})
public record TrialEntry(long trial, String rule, TrialRequest request, TrialRecord record, Long cachedFrom,
                         int attempts, long finishedAt, String searcher, long policyVersion, long batch, int[] choices,
                         double[] logProbs) {

    public boolean cached() {
        return cachedFrom != null;
    }

    public double reward() {
        return record.reward();
    }

    public TrialStatus status() {
        return record.status();
    }

    public Double bestLearningRate() {
        return record.bestLearningRate();
    }

    /** The request's id. */
    public long id() {
        return request.id();
    }
}
