package dev.nos.rosenbrock;

import java.util.List;
import java.util.Optional;

/**
 * What tuning one optimizer gave: every run tried, and the best (lowest final loss among the runs that did
 * not diverge), if any.
 */
public record OptimizerResult(String name, List<Run> runs, Optional<Run> best) {
    public OptimizerResult {
        runs = List.copyOf(runs);
    }

    /** The best run's final loss, or +infinity when every run diverged (so it ranks last). */
    public double rankingLoss() {
        return best.map(Run::finalLoss).orElse(Double.POSITIVE_INFINITY);
    }

    public long divergedRuns() {
        return runs.stream().filter(Run::diverged).count();
    }
}
