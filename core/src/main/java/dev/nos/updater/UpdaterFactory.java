package dev.nos.updater;

import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Makes a fresh DL4J updater for one training run, given its learning rate and the run's total number of
 * update steps (for rules with decay operands).
 */
@FunctionalInterface
public interface UpdaterFactory {
    IUpdater create(double learningRate, long totalSteps);
}
