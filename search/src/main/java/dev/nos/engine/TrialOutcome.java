package dev.nos.engine;

import java.util.Map;
import java.util.Objects;

/**
 * What a {@link TrialExecutor} reports for one rule.
 *
 * @param reward           the reward (0 when the rule diverged or failed)
 * @param status           {@code OK}, {@code DIVERGED} or {@code FAILED}
 * @param bestLearningRate the learning rate the child protocol picked, or null
 * @param error            what went wrong, or null
 * @param seconds          how long the evaluation took
 * @param details          anything else worth keeping in the trial log (per-rate accuracies, test accuracy ...)
 */
public record TrialOutcome(double reward, String status, Double bestLearningRate, String error, double seconds,
                           Map<String, Object> details) {

    public static final String OK = "OK";
    public static final String DIVERGED = "DIVERGED";
    public static final String FAILED = "FAILED";

    public TrialOutcome {
        Objects.requireNonNull(status, "status");
        details = details == null ? Map.of() : Map.copyOf(details);
        if (!Double.isFinite(reward)) {
            throw new IllegalArgumentException("a trial's reward must be finite, got " + reward + " (" + status + ")");
        }
    }

    public static TrialOutcome ok(double reward, Double bestLearningRate, double seconds) {
        return new TrialOutcome(reward, OK, bestLearningRate, null, seconds, Map.of());
    }

    public static TrialOutcome failed(String error, double seconds) {
        return new TrialOutcome(0.0, FAILED, null, error, seconds, Map.of());
    }
}
