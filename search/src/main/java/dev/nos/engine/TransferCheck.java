package dev.nos.engine;

import dev.nos.child.Baselines;
import dev.nos.child.Preset;
import dev.nos.child.RewardEvaluator;
import dev.nos.child.RuleUpdaters;
import dev.nos.trial.TrialJson;
import dev.nos.trial.TrialRecord;
import dev.nos.data.DataSplit;
import dev.nos.data.DatasetDownloader;
import dev.nos.data.DatasetLocator;
import dev.nos.data.DatasetSpec;
import dev.nos.data.ImageDataset;
import dev.nos.rule.Numbers;
import dev.nos.rule.Rule;
import dev.nos.updater.UpdaterFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paper's final filter: the top rules of a search re-evaluated on the {@code large} child, beside the baseline
 * optimizers (SGD, Momentum, Adam, RMSProp), with the same protocol and seed. Results go to {@code transfer.jsonl}
 * in the search's directory and as a table.
 */
public final class TransferCheck {
    public static final String FILE = "transfer.jsonl";

    private TransferCheck() {}

    /** The check with the {@code large} preset, on the named dataset. */
    public static List<TrialRecord> run(Path searchDir, List<TrialEntry> top, String datasetName, Path dataDir, long seed,
                                        PrintWriter out, PrintWriter err) throws IOException {
        return run(searchDir, top, Preset.LARGE, datasetName, dataDir, seed, out, err);
    }

    /** The check with any preset (its child is the one the rules transfer to), on the named dataset. */
    public static List<TrialRecord> run(Path searchDir, List<TrialEntry> top, Preset preset, String datasetName,
                                        Path dataDir, long seed, PrintWriter out, PrintWriter err) throws IOException {
        DatasetSpec spec = DatasetSpec.byName(datasetName);
        ImageDataset images = DatasetLocator.standard(dataDir).load(spec, new DatasetDownloader(null));
        DataSplit split = DataSplit.of(images.train(), preset.validationSize(), preset.trainExamples(), seed);
        RewardEvaluator ev = new RewardEvaluator(preset, split, images.test());
        List<TrialRecord> records = new ArrayList<>();
        Path file = searchDir.resolve(FILE);
        for (TrialEntry e : top) {
            Rule rule = Rule.parseTokens(e.request().rule());
            err.println("transfer: " + rule.infix() + " on the " + preset.child().name().toLowerCase(Locale.ROOT) + " child ...");
            err.flush();
            records.add(append(file, ev.evaluate(rule, RuleUpdaters.factory(rule, seed), seed)));
        }
        for (Map.Entry<String, UpdaterFactory> b : Baselines.all().entrySet()) {
            err.println("transfer: baseline " + b.getKey() + " ...");
            err.flush();
            records.add(append(file, ev.evaluate(b.getKey(), null, b.getValue(), seed)));
        }
        out.printf(Locale.ROOT, "%nTransfer to the %s child (preset %s, %s, seed %d):%n",
                preset.child().name().toLowerCase(Locale.ROOT), preset.name(), spec.name(), seed);
        out.printf(Locale.ROOT, "%-10s  %-8s  %-8s  %-8s  %s%n", "reward", "test", "best lr", "status", "optimizer");
        for (TrialRecord r : records) {
            out.printf(Locale.ROOT, "%-10.4f  %-8s  %-8s  %-8s  %s%n", r.reward(),
                    r.testAccuracy() == null ? "-" : String.format(Locale.ROOT, "%.4f", r.testAccuracy()),
                    r.bestLearningRate() == null ? "-" : Numbers.format(r.bestLearningRate()), r.status(), r.name());
        }
        out.flush();
        return records;
    }

    private static TrialRecord append(Path file, TrialRecord r) throws IOException {
        Files.writeString(file, TrialJson.write(r) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return r;
    }
}
