package dev.nos.updater;

/**
 * What one update step of a {@link RuleGradientUpdater} needs, filled once per step and read by the kernels:
 * memory addresses, element type, learning rate, bias corrections and the per-step scalars of the program.
 */
final class StepFrame {
    boolean isFloat;
    long grad;
    long m;
    long v;
    long gamma;
    long weights;
    /** Index of element 0 in the flat gradient buffer (for the random streams). */
    long indexBase;
    double lr;
    double bc1;
    double bc2;
    double bc3;
    final double[] scalars;
    final long[] keys;

    StepFrame(RuleProgram program) {
        scalars = new double[program.scalars];
        keys = new long[program.streams.length];
    }
}
