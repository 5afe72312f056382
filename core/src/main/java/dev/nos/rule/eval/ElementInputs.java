package dev.nos.rule.eval;

/**
 * What a rule sees for one parameter element at one step: the gradient {@code g}, the bias-corrected moving
 * averages {@code m}, {@code v}, {@code gamma} (already updated with {@code g}), the current weight {@code w},
 * the step {@code t} (the first update is t = 0) and the total number of steps {@code totalSteps} (T, used by the
 * decays; may be 0 for rules that use no decay).
 */
public record ElementInputs(double g, double m, double v, double gamma, double w, long t, long totalSteps) {
    public ElementInputs {
        if (t < 0) {
            throw new IllegalArgumentException("step t must be >= 0, got " + t);
        }
        if (totalSteps < 0) {
            throw new IllegalArgumentException("totalSteps must be >= 0, got " + totalSteps);
        }
    }
}
