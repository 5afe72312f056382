package dev.nos.rosenbrock;

import org.nd4j.linalg.learning.config.IUpdater;

/** Makes a fresh updater for a learning rate and an epsilon (ignored by optimizers without one). */
@FunctionalInterface
public interface UpdaterFactory {
    IUpdater create(double learningRate, double epsilon);
}
