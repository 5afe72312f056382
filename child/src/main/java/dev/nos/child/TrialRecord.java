package dev.nos.child;

import java.util.List;
import java.util.Map;

/**
 * The outcome of evaluating one update rule (or baseline optimizer): plain, flat data that Jackson writes
 * and reads as JSON. The search and the Kubernetes workers produce exactly these.
 *
 * @param name                       display name (the rule's infix, or a baseline's name)
 * @param ruleInfix                  the rule in infix form; null for a DL4J baseline
 * @param ruleTokens                 the rule in token form; null for a DL4J baseline
 * @param reward                     held-out validation accuracy of the final run (0 if diverged or failed)
 * @param bestLearningRate           the learning rate picked by the sweep; null if none
 * @param accuracyPerLearningRate    sweep validation accuracy per learning rate (key: the rate as text);
 *                                   a diverged rate scores chance (1 / classes)
 * @param status                     OK, DIVERGED or FAILED
 * @param error                      what went wrong, for DIVERGED and FAILED; else null
 * @param seconds                    wall time of the whole trial
 * @param seed                       the seed (network init, shuffles, random operands)
 * @param preset                     the preset's name
 * @param testAccuracy               accuracy of the final network on the official test set, if computed
 * @param validationAccuracyPerEpoch validation accuracy after each epoch of the final run
 */
public record TrialRecord(String name, String ruleInfix, String ruleTokens, double reward, Double bestLearningRate,
                          Map<String, Double> accuracyPerLearningRate, TrialStatus status, String error,
                          double seconds, long seed, String preset, Double testAccuracy,
                          List<Double> validationAccuracyPerEpoch) {

    /** This record with {@code seconds} set to 0 (to compare two runs of the same trial). */
    public TrialRecord copyWithoutTime() {
        return new TrialRecord(name, ruleInfix, ruleTokens, reward, bestLearningRate, accuracyPerLearningRate, status,
                error, 0.0, seed, preset, testAccuracy, validationAccuracyPerEpoch);
    }
}
