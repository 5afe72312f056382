package dev.nos.engine;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.nos.policy.SampledRule;
import dev.nos.rule.Rule;
import dev.nos.trial.TrialRecord;
import dev.nos.trial.TrialRequest;

/**
 * A sampled rule whose trial has not finished: its request and what the searcher needs to learn from it later. The
 * store keeps every pending trial until the log holds its entry, so a search that stops (or dies) takes them up again
 * when it resumes: none is lost, none is recorded twice.
 *
 * @param request       the trial's request
 * @param searcher      the searcher that sampled it
 * @param policyVersion the searcher's updates when it was sampled
 * @param batch         the sampling call it came from
 * @param choices       the choice indices
 * @param logProbs      the log-probability of each choice when sampled
 */
@JsonPropertyOrder({"request", "searcher", "policyVersion", "batch", "choices", "logProbs"})
public record PendingTrial(TrialRequest request, String searcher, long policyVersion, long batch, int[] choices,
                           double[] logProbs) {

    static PendingTrial of(TrialRequest request, String searcher, SampledRule sample, long batch) {
        return new PendingTrial(request, searcher, sample.policyVersion(), batch, sample.choices(), sample.logProbs());
    }

    /** The sample again, from its text: for a search resumed in another process. */
    SampledRule sample() {
        return new SampledRule(Rule.parseTokens(request.rule()), choices, logProbs, policyVersion);
    }

    /** The sample of a logged trial, from its text: for a search resumed in another process. */
    static SampledRule sampleOf(TrialEntry e) {
        return new SampledRule(Rule.parseTokens(e.request().rule()), e.choices(), e.logProbs(), e.policyVersion());
    }

    /** This trial finished with {@code record}. */
    TrialEntry finish(long trial, String infix, TrialRecord record, Long cachedFrom, int attempts) {
        return new TrialEntry(trial, infix, request, record, cachedFrom, attempts, System.currentTimeMillis(), searcher,
                policyVersion, batch, choices, logProbs);
    }
}
