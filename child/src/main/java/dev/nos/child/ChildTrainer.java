package dev.nos.child;

import dev.nos.data.DataSplit;
import dev.nos.data.LabeledImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Trains one fresh child network: seeded init, a seeded shuffle each epoch, mini-batches built from the
 * float arrays, validation accuracy after every epoch, and an immediate stop on divergence
 * ({@link DivergenceGuard}, plus a NaN/Inf check of the parameters after every epoch). After every training and
 * evaluation step the {@link NativeGarbageCollector} of this kind and batch size may collect ND4J's native garbage.
 */
public final class ChildTrainer {
    /**
     * One collector per kind and batch size for the whole process: the period it learns holds for every network of
     * that shape, and a collector made afresh per trial would take the memory freed by the last one for new growth.
     */
    private static final Map<String, NativeGarbageCollector> COLLECTORS = new ConcurrentHashMap<>();

    private final ChildKind kind;
    private final int batchSize;
    private final NativeGarbageCollector collector;

    public ChildTrainer(ChildKind kind, int batchSize) {
        this.kind = kind;
        this.batchSize = batchSize;
        this.collector = COLLECTORS.computeIfAbsent(kind + "/" + batchSize,
                k -> NativeGarbageCollector.fromSystemProperties());
    }

    /** Trains a new network of this kind for {@code epochs} epochs. */
    public TrainingResult train(LabeledImages train, LabeledImages validation, IUpdater updater, int epochs,
                                long seed) {
        ChildNetwork net = ChildNetworks.build(kind, train.channels(), train.height(), train.width(),
                train.numClasses(), updater, seed);
        DivergenceGuard guard = new DivergenceGuard();
        List<Double> perEpoch = new ArrayList<>();
        double chance = 1.0 / train.numClasses();
        long steps = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            int[] order = DataSplit.permutation(train.size(), seed * 1_000_003L + epoch);
            for (int from = 0; from < train.size(); from += batchSize) {
                int to = Math.min(train.size(), from + batchSize);
                net.fit(train.features(order, from, to), train.oneHotLabels(order, from, to));
                collector.afterStep();
                steps++;
                String why = guard.check(net.score());
                if (why != null) {
                    return new TrainingResult(net, true, why, perEpoch, chance, steps);
                }
            }
            String why = guard.checkEndOfEpoch();
            if (why != null) {
                return new TrainingResult(net, true, why, perEpoch, chance, steps);
            }
            if (!finite(net.params())) {
                return new TrainingResult(net, true, "parameters hold NaN or Inf after epoch " + (epoch + 1),
                        perEpoch, chance, steps);
            }
            perEpoch.add(accuracyOf(net, validation));
        }
        return new TrainingResult(net, false, null, perEpoch, perEpoch.get(perEpoch.size() - 1), steps);
    }

    /** {@link #accuracy(ChildNetwork, LabeledImages, int)} in batches of 500, collecting native garbage on the way. */
    public double accuracyOf(ChildNetwork net, LabeledImages data) {
        return accuracy(net, data, 500, collector);
    }

    /** Fraction of {@code data} that {@code net} classifies correctly (argmax of the output). */
    public static double accuracy(ChildNetwork net, LabeledImages data, int batch) {
        return accuracy(net, data, batch, null);
    }

    /** {@link #accuracy(ChildNetwork, LabeledImages, int)}, giving each batch to {@code collector} (may be null). */
    static double accuracy(ChildNetwork net, LabeledImages data, int batch, NativeGarbageCollector collector) {
        int[] order = data.identityOrder();
        long correct = 0;
        for (int from = 0; from < data.size(); from += batch) {
            int to = Math.min(data.size(), from + batch);
            INDArray out = net.output(data.features(order, from, to));
            INDArray predicted = out.argMax(1);
            for (int i = from; i < to; i++) {
                if (predicted.getInt(i - from) == data.label(i)) {
                    correct++;
                }
            }
            if (collector != null) {
                collector.afterStep();
            }
        }
        return data.size() == 0 ? 0 : (double) correct / data.size();
    }

    private static boolean finite(INDArray params) {
        double s = params.sumNumber().doubleValue();
        return Double.isFinite(s);
    }
}
