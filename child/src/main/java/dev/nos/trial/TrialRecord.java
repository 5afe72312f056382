package dev.nos.trial;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one trial measured: the one result type from a worker (in process, {@code nos trial}, a Kubernetes Job) to the
 * search's log, and what {@code nos evaluate} prints. Plain JSON.
 *
 * @param id                         the id of the {@link TrialRequest} it answers; null outside a search
 * @param name                       display name (the rule's infix, or a baseline's name)
 * @param ruleInfix                  the rule in infix form; null for a DL4J baseline
 * @param ruleTokens                 the rule in token form; null for a DL4J baseline
 * @param reward                     held-out validation accuracy of the final run (0 if diverged or failed)
 * @param bestLearningRate           the learning rate picked by the sweep; null if none
 * @param accuracyPerLearningRate    sweep validation accuracy per learning rate (key: the rate as text); a diverged
 *                                   rate scores chance (1 / classes)
 * @param status                     how the trial ended
 * @param error                      what went wrong, for DIVERGED and FAILED; else null
 * @param seconds                    wall time of the whole trial
 * @param seed                       the seed (network init, shuffles, random operands)
 * @param preset                     the preset's name; null for a synthetic reward
 * @param testAccuracy               accuracy of the final network on the official test set, if computed
 * @param validationAccuracyPerEpoch validation accuracy after each epoch of the final run
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "name", "ruleInfix", "ruleTokens", "reward", "status", "bestLearningRate", "error", "seconds",
        "seed", "preset", "accuracyPerLearningRate", "validationAccuracyPerEpoch", "testAccuracy"})
public record TrialRecord(Long id, String name, String ruleInfix, String ruleTokens, double reward,
                          Double bestLearningRate, Map<String, Double> accuracyPerLearningRate, TrialStatus status,
                          String error, double seconds, long seed, String preset, Double testAccuracy,
                          List<Double> validationAccuracyPerEpoch) {

    public TrialRecord {
        if (status == null) {
            throw new IllegalArgumentException("a trial record needs a status");
        }
        if (!Double.isFinite(reward)) {
            throw new IllegalArgumentException("a trial's reward must be finite, got " + reward + " (" + status + ")");
        }
        accuracyPerLearningRate = accuracyPerLearningRate == null || accuracyPerLearningRate.isEmpty() ? null
                : Collections.unmodifiableMap(new LinkedHashMap<>(accuracyPerLearningRate));
        validationAccuracyPerEpoch = validationAccuracyPerEpoch == null || validationAccuracyPerEpoch.isEmpty() ? null
                : List.copyOf(validationAccuracyPerEpoch);
    }

    /** A trial given up without a result (its workers kept dying): reward 0, FAILED, with why. */
    public static TrialRecord failed(TrialRequest request, String infix, String error, double seconds) {
        return new TrialRecord(request.id(), infix, infix, request.rule(), 0.0, null, null, TrialStatus.FAILED, error,
                seconds, request.seed(), request.preset(), null, null);
    }

    /** This record answering request {@code requestId}. */
    public TrialRecord withId(Long requestId) {
        return new TrialRecord(requestId, name, ruleInfix, ruleTokens, reward, bestLearningRate,
                accuracyPerLearningRate, status, error, seconds, seed, preset, testAccuracy,
                validationAccuracyPerEpoch);
    }

    /** This record with {@code seconds} set to 0 (to compare two runs of the same trial). */
    public TrialRecord copyWithoutTime() {
        return new TrialRecord(id, name, ruleInfix, ruleTokens, reward, bestLearningRate, accuracyPerLearningRate,
                status, error, 0.0, seed, preset, testAccuracy, validationAccuracyPerEpoch);
    }
}
