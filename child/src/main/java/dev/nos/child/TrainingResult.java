package dev.nos.child;

import java.util.List;

/**
 * What one training run produced.
 *
 * @param network                    the trained network
 * @param diverged                   true when training was stopped for divergence
 * @param divergence                 why (null unless diverged)
 * @param validationAccuracyPerEpoch validation accuracy after each completed epoch
 * @param validationAccuracy         final validation accuracy (chance level when diverged)
 * @param steps                      update steps taken
 */
public record TrainingResult(ChildNetwork network, boolean diverged, String divergence,
                             List<Double> validationAccuracyPerEpoch, double validationAccuracy, long steps) {
}
