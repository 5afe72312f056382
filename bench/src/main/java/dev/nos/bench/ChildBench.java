package dev.nos.bench;

import dev.nos.child.Baselines;
import dev.nos.child.Candidate;
import dev.nos.child.ChildKind;
import dev.nos.child.ChildNetwork;
import dev.nos.child.ChildNetworks;
import dev.nos.child.NativeGarbageCollector;
import dev.nos.child.OneDnn;
import dev.nos.child.Preset;
import dev.nos.child.RewardEvaluator;
import dev.nos.trial.TrialRecord;
import dev.nos.data.DataSplit;
import dev.nos.data.DatasetDownloader;
import dev.nos.data.DatasetLocator;
import dev.nos.data.DatasetSpec;
import dev.nos.data.ImageDataset;
import dev.nos.data.LabeledImages;
import dev.nos.updater.UpdaterFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small benchmark (not a test) of child training on Fashion-MNIST:
 * <ul>
 *   <li>{@code throughput [kind] [examples] [repeats] [name,name,...]}: training examples per second of the child with each
 *       updater in {@link #updaters()} (DL4J Adam first; PowerSign both as nos's fused updater and as the
 *       rule-language rule run by RuleUpdater), interleaved, median of the repeats, and each one's ratio to Adam;</li>
 *   <li>{@code trial PRESET [name]}: wall time and record of one reward evaluation;</li>
 *   <li>{@code repeat PRESET [name] [times]}: the same trial (same seed) several times, to see any spread.</li>
 *   <li>{@code memory [kind] [steps] [budgetMiB]}: resident-memory growth and time per step of Adam training the
 *       child, first with a {@link NativeGarbageCollector} of that budget, then without collections (the baseline,
 *       second so that its growth is not hidden by the first phase's: it can only start on memory the first phase
 *       freed, at most about one budget), and the ratios.</li>
 * </ul>
 * Run with {@code OMP_WAIT_POLICY=PASSIVE}.
 */
public final class ChildBench {
    private ChildBench() {
    }

    public static void main(String[] args) throws Exception {
        OneDnn.ensureEnabled();
        String mode = args.length > 0 ? args[0] : "throughput";
        Path data = System.getenv("NOS_BENCH_DATA") == null ? null : Path.of(System.getenv("NOS_BENCH_DATA"));
        ImageDataset ds = DatasetLocator.standard(data).load(DatasetSpec.FASHION_MNIST, new DatasetDownloader(null));
        System.out.println("OMP_WAIT_POLICY passive: " + OneDnn.ompPassive());
        if (mode.equals("throughput")) {
            ChildKind kind = args.length > 1 ? ChildKind.parse(args[1]) : ChildKind.PAPER;
            int n = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
            int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
            List<String> only = args.length > 4 ? List.of(args[4].split(",")) : null;
            throughput(ds.train().head(n), kind, repeats, only);
        } else if (mode.equals("trial")) {
            Preset preset = Preset.byName(args.length > 1 ? args[1] : "quick");
            String name = args.length > 2 ? args[2] : "Adam";
            DataSplit split = DataSplit.of(ds.train(), preset.validationSize(), preset.trainExamples(), 1);
            UpdaterFactory f = updaters().get(name);
            TrialRecord r = new RewardEvaluator(preset, split, null)
                    .onProgress((w, d, t) -> System.out.printf("  %s (%d/%d)%n", w, d, t))
                    .evaluate(name, null, f, 1);
            System.out.println(r);
            System.out.printf("trial %s with %s: %.1f s, reward %.4f%n", preset.name(), name, r.seconds(), r.reward());
        } else if (mode.equals("repeat")) {
            Preset preset = Preset.byName(args.length > 1 ? args[1] : "quick");
            String name = args.length > 2 ? args[2] : "Adam";
            int times = args.length > 3 ? Integer.parseInt(args[3]) : 3;
            DataSplit split = DataSplit.of(ds.train(), preset.validationSize(), preset.trainExamples(), 1);
            RewardEvaluator ev = new RewardEvaluator(preset, split, null);
            for (int i = 0; i < times; i++) {
                TrialRecord r = ev.evaluate(name, null, updaters().get(name), 1);
                System.out.printf("run %d: reward %.4f per lr %s per epoch %s (%.1f s)%n", i, r.reward(),
                        r.accuracyPerLearningRate(), r.validationAccuracyPerEpoch(), r.seconds());
            }
        } else if (mode.equals("memory")) {
            ChildKind kind = args.length > 1 ? ChildKind.parse(args[1]) : ChildKind.LARGE;
            int steps = args.length > 2 ? Integer.parseInt(args[2]) : 300;
            long budget = (args.length > 3 ? Long.parseLong(args[3]) : NativeGarbageCollector.DEFAULT_BUDGET_MIB) << 20;
            memory(ds.train(), kind, steps, budget);
        } else {
            throw new IllegalArgumentException("modes: throughput [kind] [examples] [repeats], trial PRESET [name],"
                    + " repeat PRESET [name] [times], memory [kind] [steps] [budgetMiB]");
        }
    }

    /** The updaters compared (Adam first). */
    static Map<String, UpdaterFactory> updaters() {
        Map<String, UpdaterFactory> m = new LinkedHashMap<>(Baselines.all());
        Map<String, UpdaterFactory> ordered = new LinkedHashMap<>();
        ordered.put("Adam", m.remove("Adam"));
        ordered.putAll(m);
        Candidate powerSignRule = Candidate.parse("exp(sign(g) * sign(m)) * g", 1);
        ordered.put("PowerSign-rule", powerSignRule.factory());
        return ordered;
    }

    private static void throughput(LabeledImages train, ChildKind kind, int repeats, List<String> only) {
        Map<String, UpdaterFactory> ups = updaters();
        if (only != null) {
            ups.keySet().retainAll(only);
        }
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        int[] order = train.identityOrder();
        for (int rep = 0; rep <= repeats; rep++) {
            for (Map.Entry<String, UpdaterFactory> e : ups.entrySet()) {
                ChildNetwork net = ChildNetworks.build(kind, train.channels(), train.height(), train.width(),
                        train.numClasses(), e.getValue().create(1e-3, 1000), 1);
                warmUp(net, train, order);
                if (rep == 0 && e.getKey().equals("Adam")) {
                    System.out.println(kind + " child: " + net.parameterCount() + " parameters, oneDNN helpers active: "
                            + OneDnn.helpersActive(net));
                }
                long t0 = System.nanoTime();
                for (int from = 0; from < train.size(); from += 100) {
                    int to = Math.min(train.size(), from + 100);
                    net.fit(train.features(order, from, to), train.oneHotLabels(order, from, to));
                }
                double s = (System.nanoTime() - t0) / 1e9;
                if (rep > 0) {
                    rates.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(train.size() / s);
                }
            }
        }
        List<Double> adamRates = rates.get("Adam");
        double adam = adamRates == null ? Double.NaN : median(adamRates);
        double adamBest = adamRates == null ? Double.NaN : Collections.max(adamRates);
        for (Map.Entry<String, List<Double>> e : rates.entrySet()) {
            double med = median(e.getValue());
            double best = Collections.max(e.getValue());
            System.out.printf("%-15s %8.0f examples/s (median of %d; range %.0f..%.0f)  ratio to Adam: median %.3f,"
                    + " best %.3f%n", e.getKey(), med, e.getValue().size(), Collections.min(e.getValue()), best,
                    med / adam, best / adamBest);
        }
    }

    private static void memory(LabeledImages train, ChildKind kind, int steps, long budget) {
        double[] withCollector = memoryPhase(train, kind, steps, new NativeGarbageCollector(budget,
                NativeGarbageCollector::procResidentBytes, System::gc), "collector, budget " + (budget >> 20) + " MiB");
        double[] without = memoryPhase(train, kind, steps, new NativeGarbageCollector(0, () -> -1, () -> { }),
                "no collections (baseline)");
        System.out.printf("ratios, collector to baseline: resident growth %.3f, time per step %.3f%n",
                withCollector[0] / without[0], withCollector[1] / without[1]);
    }

    /** One phase of {@code memory}: {growth of the peak resident size in MiB, ms per step}. */
    private static double[] memoryPhase(LabeledImages train, ChildKind kind, int steps, NativeGarbageCollector c,
                                        String what) {
        ChildNetwork net = ChildNetworks.build(kind, train.channels(), train.height(), train.width(),
                train.numClasses(), new org.nd4j.linalg.learning.config.Adam(1e-3), 1);
        int[] order = train.identityOrder();
        warmUp(net, train, order);
        long start = NativeGarbageCollector.procResidentBytes();
        long peak = start;
        long t0 = System.nanoTime();
        for (int s = 0; s < steps; s++) {
            int from = (s * 100) % (train.size() - 100);
            net.fit(train.features(order, from, from + 100), train.oneHotLabels(order, from, from + 100));
            c.afterStep();
            peak = Math.max(peak, NativeGarbageCollector.procResidentBytes());
        }
        double msPerStep = (System.nanoTime() - t0) / 1e6 / steps;
        double growth = (peak - start) / (double) (1 << 20);
        System.out.printf("%s, %s: %d steps, resident %d MiB at start, peak growth %.0f MiB, %.1f ms a step,"
                + " %d collections (period %d steps)%n", kind, what, steps, start >> 20, growth, msPerStep,
                c.collections(), c.period());
        return new double[] {growth, msPerStep};
    }

    /** Two mini-batches before timing: first-call costs (helper set-up, buffers) are not throughput. */
    private static void warmUp(ChildNetwork net, LabeledImages train, int[] order) {
        for (int from = 0; from < 200; from += 100) {
            net.fit(train.features(order, from, from + 100), train.oneHotLabels(order, from, from + 100));
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
