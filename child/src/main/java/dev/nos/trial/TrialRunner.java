package dev.nos.trial;

import dev.nos.child.OneDnn;
import dev.nos.child.Preset;
import dev.nos.child.RewardEvaluator;
import dev.nos.child.RuleUpdaters;
import dev.nos.data.DataSplit;
import dev.nos.data.DatasetDownloader;
import dev.nos.data.DatasetLocator;
import dev.nos.data.DatasetSpec;
import dev.nos.data.ImageDataset;
import dev.nos.rule.Rule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs one {@link TrialRequest} in this process and returns its {@link TrialRecord}: the worker's side of the
 * protocol, the same code for {@code nos trial}, a Kubernetes worker and the local worker pool. A rule that trains
 * badly is a record (DIVERGED, FAILED), never an exception; an exception means the request could not run at all (an
 * {@link InvalidRequestException} for a bad request, an {@link UncheckedIOException} when the data cannot be read).
 *
 * <p>Datasets and splits are loaded once and kept (read only), so a pool running many requests on the same data reads
 * it once. Safe to call from several threads.
 */
public final class TrialRunner {
    private record SplitKey(String dataset, String data, int validation, int train, long splitSeed) {}

    private final Map<List<String>, ImageDataset> datasets = new ConcurrentHashMap<>();
    private final Map<SplitKey, DataSplit> splits = new ConcurrentHashMap<>();

    /** Runs the request; see the class comment for what is a record and what is an exception. */
    public TrialRecord run(TrialRequest request) {
        Rule rule = request.validate();
        return switch (request.reward()) {
            case SYNTHETIC -> synthetic(request, rule);
            case CHILD -> child(request, rule);
        };
    }

    /** Loads (once) the data a child request needs, so that a missing dataset is reported before any trial runs. */
    public void prepare(TrialRequest request) {
        request.validate();
        if (request.reward() == RewardKind.CHILD) {
            split(request, request.childPreset());
        }
    }

    private static TrialRecord synthetic(TrialRequest request, Rule rule) {
        long start = System.nanoTime();
        double reward = SyntheticReward.of(rule);
        return new TrialRecord(request.id(), rule.infix(), rule.infix(), rule.tokens(), reward, null, null,
                TrialStatus.OK, null, (System.nanoTime() - start) / 1e9, request.seed(), null, null, null);
    }

    private TrialRecord child(TrialRequest request, Rule rule) {
        OneDnn.ensureEnabled();
        Preset preset = request.childPreset();
        RewardEvaluator evaluator = new RewardEvaluator(preset, split(request, preset), null);
        return evaluator.evaluate(rule, RuleUpdaters.factory(rule, request.seed()), request.seed())
                .withId(request.id());
    }

    private DataSplit split(TrialRequest request, Preset preset) {
        SplitKey key = new SplitKey(request.dataset(), request.data(), preset.validationSize(), preset.trainExamples(),
                request.splitSeed());
        return splits.computeIfAbsent(key, k -> DataSplit.of(dataset(k.dataset(), k.data()).train(), k.validation(),
                k.train(), k.splitSeed()));
    }

    private ImageDataset dataset(String name, String data) {
        return datasets.computeIfAbsent(Arrays.asList(name, data), k -> {
            DatasetSpec spec = DatasetSpec.byName(name);
            try {
                return DatasetLocator.standard(data == null ? null : Path.of(data))
                        .load(spec, new DatasetDownloader(null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
