package dev.nos.bench;

import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * A load-tolerant companion to {@link UpdateStepBenchmark} for shared machines: the updaters take turns, round by
 * round, in one JVM, so a load spike hits all of them alike instead of whichever JMH trial happened to be running;
 * prints the median and the minimum ms per step of each and their ratios to DL4J Adam. Not a test.
 *
 * <p>Arguments: size, rounds, comma-separated updater names of {@link UpdateStepBenchmark} (defaults 1000000, 15,
 * powersign,addsign,rule-powersign,rule-adam,dl4j-adam).
 */
public final class InterleavedUpdateTiming {
    private InterleavedUpdateTiming() {}

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        String[] names = (args.length > 2 ? args[2] : "powersign,addsign,rule-powersign,rule-adam,dl4j-adam").split(",");
        if (size < 1 || rounds < 1) {
            throw new IllegalArgumentException("size and rounds must be positive, got " + size + " and " + rounds);
        }
        GradientUpdater<?>[] updaters = new GradientUpdater<?>[names.length];
        INDArray[] gradients = new INDArray[names.length];
        for (int k = 0; k < names.length; k++) {
            IUpdater c = UpdateStepBenchmark.config(names[k]);
            long stateSize = c.stateSize(size);
            updaters[k] = c.instantiate(stateSize == 0 ? null : Nd4j.zeros(DataType.FLOAT, 1, stateSize), true);
            gradients[k] = Nd4j.randn(DataType.FLOAT, 1, size);
        }
        int stepsPerTurn = Math.max(1, 20_000_000 / size);
        double[][] ms = new double[names.length][rounds];
        int iteration = 0;
        for (int r = -3; r < rounds; r++) { // three warm-up rounds
            for (int k = 0; k < names.length; k++) {
                long t0 = System.nanoTime();
                for (int q = 0; q < stepsPerTurn; q++) {
                    updaters[k].applyUpdater(gradients[k], iteration++, 0);
                }
                if (r >= 0) {
                    ms[k][r] = (System.nanoTime() - t0) / 1e6 / stepsPerTurn;
                }
            }
        }
        double[] median = new double[names.length];
        double[] min = new double[names.length];
        int adam = -1;
        for (int k = 0; k < names.length; k++) {
            double[] x = ms[k].clone();
            Arrays.sort(x);
            median[k] = x[rounds / 2];
            min[k] = x[0];
            if (names[k].equals("dl4j-adam")) {
                adam = k;
            }
        }
        System.out.println("| updater | params | median ms/step | min ms/step | median vs DL4J Adam | min vs DL4J Adam |");
        System.out.println("|---|---|---|---|---|---|");
        for (int k = 0; k < names.length; k++) {
            System.out.println(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %s | %s |", names[k], size, median[k],
                    min[k], adam < 0 ? "-" : String.format(Locale.ROOT, "%.2f", median[k] / median[adam]),
                    adam < 0 ? "-" : String.format(Locale.ROOT, "%.2f", min[k] / min[adam])));
        }
    }
}
