package dev.nos.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * A load-tolerant companion to {@link UpdateStepBenchmark} for shared machines: the updaters take turns, round by
 * round, in one JVM, so a load spike hits all of them alike instead of whichever JMH trial happened to be running;
 * prints the median and the minimum ms per step of each and their ratios to DL4J Adam and to the C reference of the
 * same work. Not a test.
 *
 * <p>Arguments: size, rounds, comma-separated names (defaults 1000000, 15,
 * powersign,addsign,rule-powersign,rule-adam,dl4j-adam,c-powersign,c-addsign,c-adam), and optionally the total
 * elements a turn processes (default 20,000,000: 20 steps at 1M). A name is an updater of
 * {@link UpdateStepBenchmark#config}, with {@code :K} for K worker threads of the nos updaters (e.g. rule-adam:1;
 * default the system property nos.updater.threads, else the number of processors), or {@code c-powersign},
 * {@code c-addsign}, {@code c-adam} for the single-threaded C loops of {@link CReference} (skipped with a message
 * where gcc is missing). A name ending in {@code /elementwise} builds the nos updater with the element-wise loops
 * ({@code nos.loop.vector=false}) instead of the Vector API loops; run the JVM with
 * {@code --add-modules jdk.incubator.vector} for the latter (the first line printed says which run).
 */
public final class InterleavedUpdateTiming {
    private InterleavedUpdateTiming() {}

    /** Suffix of a name that runs the element-wise loops instead of the vector loops. */
    static final String ELEMENTWISE = "/elementwise";

    static final String DEFAULT_NAMES =
            "powersign,addsign,rule-powersign,rule-adam,dl4j-adam,c-powersign,c-addsign,c-adam";

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        List<String> names = new ArrayList<>(Arrays.asList((args.length > 2 ? args[2] : DEFAULT_NAMES).split(",")));
        long perTurn = args.length > 3 ? Long.parseLong(args[3]) : 20_000_000L;
        if (size < 1 || rounds < 1 || perTurn < 1) {
            throw new IllegalArgumentException("size, rounds and elements per turn must be positive");
        }
        Optional<CReference> c = names.stream().anyMatch(n -> n.startsWith("c-")) ? CReference.start(size) : Optional.empty();
        if (c.isEmpty()) {
            names.removeIf(n -> n.startsWith("c-"));
        }
        try {
            run(size, rounds, names, perTurn, c.orElse(null));
        } finally {
            c.ifPresent(CReference::close);
        }
    }

    private static void run(int size, int rounds, List<String> names, long perTurn, CReference c) {
        System.out.println(dev.nos.updater.loop.VectorLoops.describe());
        int k0 = names.size();
        GradientUpdater<?>[] updaters = new GradientUpdater<?>[k0];
        INDArray[] gradients = new INDArray[k0];
        for (int k = 0; k < k0; k++) {
            String name = names.get(k);
            if (name.startsWith("c-")) {
                if (!CReference.KERNELS.contains(name.substring(2))) {
                    throw new IllegalArgumentException("unknown C kernel " + name);
                }
                continue;
            }
            updaters[k] = instantiate(name, size);
            gradients[k] = Nd4j.randn(DataType.FLOAT, 1, size);
        }
        int stepsPerTurn = (int) Math.max(1, perTurn / size);
        double[][] ms = new double[k0][rounds];
        int iteration = 0;
        for (int r = -3; r < rounds; r++) { // three warm-up rounds
            for (int k = 0; k < k0; k++) {
                double perStep;
                if (updaters[k] == null) {
                    perStep = c.msPerStep(names.get(k).substring(2), stepsPerTurn);
                } else {
                    long t0 = System.nanoTime();
                    for (int q = 0; q < stepsPerTurn; q++) {
                        updaters[k].applyUpdater(gradients[k], iteration++, 0);
                    }
                    perStep = (System.nanoTime() - t0) / 1e6 / stepsPerTurn;
                }
                if (r >= 0) {
                    ms[k][r] = perStep;
                }
            }
        }
        double[] median = new double[k0];
        double[] min = new double[k0];
        for (int k = 0; k < k0; k++) {
            double[] x = ms[k].clone();
            Arrays.sort(x);
            median[k] = x[rounds / 2];
            min[k] = x[0];
        }
        int adam = names.indexOf("dl4j-adam");
        System.out.println("| updater | params | median ms/step | min ms/step | median vs DL4J Adam | median vs C |");
        System.out.println("|---|---|---|---|---|---|");
        for (int k = 0; k < k0; k++) {
            int cRef = names.indexOf("c-" + cKernel(names.get(k)));
            System.out.println(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %s | %s |", names.get(k), size,
                    median[k], min[k], ratio(median, k, adam), cRef < 0 ? "-" : ratio(median, k, cRef)));
        }
    }

    /** The C kernel doing a named updater's work, or "" when there is none. */
    private static String cKernel(String name) {
        String base = name.replace(ELEMENTWISE, "").replaceFirst(":.*", "").replaceFirst("^rule-", "").replaceFirst("^dl4j-", "");
        return CReference.KERNELS.contains(base) ? base : "";
    }

    private static String ratio(double[] median, int k, int to) {
        return to < 0 ? "-" : String.format(Locale.ROOT, "%.2f", median[k] / median[to]);
    }

    /**
     * The updater of {@code name}, with {@code :K} worker threads when given; a name ending in {@value #ELEMENTWISE}
     * runs the element-wise loops ({@code nos.loop.vector=false}) instead of the vector loops.
     */
    private static GradientUpdater<?> instantiate(String name, int size) {
        boolean elementwise = name.endsWith(ELEMENTWISE);
        String[] parts = name.substring(0, name.length() - (elementwise ? ELEMENTWISE.length() : 0)).split(":");
        String old = System.getProperty("nos.updater.threads");
        String oldVector = System.getProperty("nos.loop.vector");
        try {
            if (parts.length > 1) {
                System.setProperty("nos.updater.threads", parts[1]);
            }
            System.setProperty("nos.loop.vector", String.valueOf(!elementwise));
            IUpdater config = UpdateStepBenchmark.config(parts[0]);
            long stateSize = config.stateSize(size);
            return config.instantiate(stateSize == 0 ? null : Nd4j.zeros(DataType.FLOAT, 1, stateSize), true);
        } finally {
            if (old == null) {
                System.clearProperty("nos.updater.threads");
            } else {
                System.setProperty("nos.updater.threads", old);
            }
            if (oldVector == null) {
                System.clearProperty("nos.loop.vector");
            } else {
                System.setProperty("nos.loop.vector", oldVector);
            }
        }
    }
}
