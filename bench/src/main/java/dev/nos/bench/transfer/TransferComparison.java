package dev.nos.bench.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.nos.bench.compare.CurveBand;
import dev.nos.child.Candidate;
import dev.nos.child.OneDnn;
import dev.nos.child.Preset;
import dev.nos.child.RewardEvaluator;
import dev.nos.data.DataSplit;
import dev.nos.data.DatasetLocator;
import dev.nos.data.DatasetSpec;
import dev.nos.data.ImageDataset;
import dev.nos.io.AtomicFiles;
import dev.nos.rule.Numbers;
import dev.nos.trial.PresetOverrides;
import dev.nos.trial.TrialRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A benchmark (not a test): rules and baselines re-evaluated on one preset over several seeds, each against a
 * reference (Adam by default) trained on the same seed, the paper's last filter (Section 5) made repeatable. Every
 * (rule, seed) is one file, {@code OUT/<preset>/<rule>-s<seed>.json}, in the form {@code nos evaluate --json} writes,
 * so an interrupted run continues where it stopped and a finished one is only reported. Seed-major: every rule gets
 * seed 1 before any gets seed 2, so a run cut short still compares all rules.
 *
 * <pre>
 *   java -cp bench/target/bench.jar dev.nos.bench.transfer.TransferComparison OUT --preset large --seeds 1,2,3
 *       [--reference Adam] [--dataset fashion-mnist] [--data DIR] [--split-seed 0] [--train-examples N]
 *       [--validation-size N] [--report-only] RULE...
 * </pre>
 *
 * Writes {@code OUT/<preset>/transfer.md}: per rule, the reward on each seed (best rate in brackets), the mean, and
 * the mean ± standard deviation of the same-seed difference to the reference; prints it too.
 */
public final class TransferComparison {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TransferComparison() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0 || args[0].startsWith("--")) {
            System.err.println("usage: TransferComparison OUT --preset P [--seeds 1,2,3] [--reference Adam]"
                    + " [--dataset D] [--data DIR] [--split-seed S] [--train-examples N] [--validation-size N]"
                    + " [--report-only] RULE...");
            System.exit(2);
        }
        OneDnn.ensureEnabled();
        Path out = Path.of(args[0]);
        Map<String, String> opts = new HashMap<>();
        List<String> rules = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--report-only")) {
                opts.put("report-only", "true");
            } else if (args[i].startsWith("--")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                opts.put(args[i].substring(2), args[++i]);
            } else {
                rules.add(args[i]);
            }
        }
        String reference = opts.getOrDefault("reference", "Adam");
        if (!rules.contains(reference)) {
            rules.add(0, reference);
        }
        List<Long> seeds = new ArrayList<>();
        for (String s : opts.getOrDefault("seeds", "1,2,3").split(",")) {
            seeds.add(Long.parseLong(s.trim()));
        }
        Preset preset = Preset.byName(opts.getOrDefault("preset", "large"));
        preset = new PresetOverrides(integer(opts, "train-examples"), integer(opts, "validation-size"), null, null,
                null, null).applyTo(preset);
        for (String r : rules) {
            Candidate.parse(r, 1); // a bad rule fails before anything trains
        }
        Path dir = out.resolve(preset.name());
        Files.createDirectories(dir);
        if (!opts.containsKey("report-only")) {
            run(dir, preset, rules, seeds, opts);
        }
        Map<String, Map<Long, TrialRecord>> done = new LinkedHashMap<>();
        for (String r : rules) {
            for (long seed : seeds) {
                TrialRecord rec = read(cell(dir, r, seed));
                if (rec != null) {
                    done.computeIfAbsent(r, k -> new LinkedHashMap<>()).put(seed, rec);
                }
            }
        }
        String table = table(done, seeds, reference);
        System.out.print(table);
        AtomicFiles.writeString(dir.resolve("transfer.md"), table);
        System.out.println("wrote " + dir.resolve("transfer.md"));
    }

    private static Integer integer(Map<String, String> opts, String key) {
        return opts.containsKey(key) ? Integer.valueOf(opts.get(key)) : null;
    }

    /** Trains every (rule, seed) that has no file yet, seed-major. */
    private static void run(Path dir, Preset preset, List<String> rules, List<Long> seeds, Map<String, String> opts)
            throws IOException {
        DatasetSpec spec = DatasetSpec.byName(opts.getOrDefault("dataset", "fashion-mnist"));
        ImageDataset images = DatasetLocator.standard(opts.containsKey("data") ? Path.of(opts.get("data")) : null)
                .load(spec, null);
        DataSplit split = DataSplit.of(images.train(), preset.validationSize(), preset.trainExamples(),
                Long.parseLong(opts.getOrDefault("split-seed", "0")));
        RewardEvaluator evaluator = new RewardEvaluator(preset, split, images.test());
        for (long seed : seeds) {
            for (String r : rules) {
                Path cell = cell(dir, r, seed);
                if (Files.exists(cell)) {
                    continue;
                }
                Candidate c = Candidate.parse(r, seed);
                TrialRecord rec = evaluator.evaluate(c.name(), c.rule(), c.factory(), seed);
                AtomicFiles.writeString(cell, JSON.writeValueAsString(Map.of("trials", List.of(rec))));
                System.out.printf(Locale.ROOT, "%s seed %d: %.4f (%s, lr %s, %.0f s)%n", r, seed, rec.reward(),
                        rec.status(), rec.bestLearningRate(), rec.seconds());
            }
        }
    }

    /** The file of one (rule, seed): the rule's text made safe for a file name, and a hash that keeps names apart. */
    static Path cell(Path dir, String rule, long seed) {
        String safe = rule.replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_|_$", "");
        if (safe.length() > 60) {
            safe = safe.substring(0, 60);
        }
        return dir.resolve(String.format(Locale.ROOT, "%s-%08x-s%d.json", safe, rule.hashCode(), seed));
    }

    /** The record in a cell's file ({@code nos evaluate --json}'s form), or null when there is none yet. */
    static TrialRecord read(Path cell) throws IOException {
        if (!Files.exists(cell)) {
            return null;
        }
        JsonNode trials = JSON.readTree(cell.toFile()).get("trials");
        if (trials == null || trials.size() != 1) {
            throw new IOException(cell + ": expected {\"trials\": [one record]}");
        }
        return JSON.treeToValue(trials.get(0), TrialRecord.class);
    }

    /**
     * The markdown table: a row per rule with its reward on each seed (best rate in brackets), the mean over its
     * seeds, and the same-seed difference to the reference, mean ± sd over the seeds both have; rows in order of the
     * mean difference, best first.
     */
    static String table(Map<String, Map<Long, TrialRecord>> done, List<Long> seeds, String reference) {
        StringBuilder b = new StringBuilder("| rule |");
        for (long s : seeds) {
            b.append(" seed ").append(s).append(" |");
        }
        b.append(" mean | minus ").append(reference).append(", same seed |\n|---|");
        b.append("---|".repeat(seeds.size() + 2)).append('\n');
        Map<Long, TrialRecord> ref = done.getOrDefault(reference, Map.of());
        List<Map.Entry<String, Map<Long, TrialRecord>>> rows = new ArrayList<>(done.entrySet());
        rows.sort((x, y) -> Double.compare(meanDifference(y.getValue(), ref), meanDifference(x.getValue(), ref)));
        for (Map.Entry<String, Map<Long, TrialRecord>> row : rows) {
            b.append("| `").append(row.getKey()).append("` |");
            List<Double> rewards = new ArrayList<>();
            for (long s : seeds) {
                TrialRecord r = row.getValue().get(s);
                if (r == null) {
                    b.append(" - |");
                    continue;
                }
                rewards.add(r.reward());
                b.append(String.format(Locale.ROOT, " %.4f (%s) |", r.reward(),
                        r.bestLearningRate() == null ? r.status() : Numbers.format(r.bestLearningRate())));
            }
            b.append(String.format(Locale.ROOT, " %.4f |", CurveBand.of(rewards).mean()));
            CurveBand diff = CurveBand.of(differences(row.getValue(), ref));
            if (row.getKey().equals(reference) || diff.n() == 0) {
                b.append(" |\n");
            } else {
                b.append(String.format(Locale.ROOT, " %+.4f ± %.4f (%d) |%n", diff.mean(), diff.sd(), diff.n()));
            }
        }
        return b.toString();
    }

    /** The mean same-seed difference to the reference; -infinity without a shared seed (such rows go last). */
    private static double meanDifference(Map<Long, TrialRecord> row, Map<Long, TrialRecord> ref) {
        CurveBand d = CurveBand.of(differences(row, ref));
        return d.n() == 0 ? Double.NEGATIVE_INFINITY : d.mean();
    }

    /** Reward minus the reference's, for each seed both have. */
    private static List<Double> differences(Map<Long, TrialRecord> row, Map<Long, TrialRecord> ref) {
        List<Double> d = new ArrayList<>();
        for (Map.Entry<Long, TrialRecord> e : row.entrySet()) {
            if (ref.containsKey(e.getKey())) {
                d.add(e.getValue().reward() - ref.get(e.getKey()).reward());
            }
        }
        return d;
    }
}
