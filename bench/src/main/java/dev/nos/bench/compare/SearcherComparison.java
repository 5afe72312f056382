package dev.nos.bench.compare;

import dev.nos.engine.FolderStore;
import dev.nos.engine.LocalWorkerPool;
import dev.nos.engine.SearchEngine;
import dev.nos.engine.SearchSettings;
import dev.nos.engine.SearchStats;
import dev.nos.engine.TrialEntry;
import dev.nos.trial.PresetOverrides;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A benchmark (not a test): PPO, REINFORCE and random search on the same reward, several seeds each, every search
 * run to the same number of rules trained. Each search is a normal search folder ({@code OUT/<searcher>-s<seed>}), so
 * an interrupted comparison continues where it stopped when run again (with a larger {@code --trials}, it extends
 * every search to the new budget), and a finished one is only reported.
 *
 * <pre>
 *   java -cp bench/target/bench.jar dev.nos.bench.compare.SearcherComparison OUT [--trials 300] [--seeds 1,2,3]
 *       [--searchers ppo,reinforce,random] [--reward child|synthetic] [--preset quick] [--space small:2] [--workers 1]
 *       [--repeat-target 0.25] [--redraw-tried] [--controller-lr LR] [--train-examples N] [--validation-size N] [--refine-lr] [--report-only]
 *       [--bar R]
 * </pre>
 *
 * Writes {@code OUT/comparison.png} ({@link ComparisonPlot}) and {@code OUT/comparison.md} (best-so-far and mean
 * reward at 50, 100, 200 and 300 rules trained: mean ± standard deviation over seeds; with {@code --bar R}, how many
 * of the rules trained scored at least R) and prints the table.
 */
public final class SearcherComparison {
    /** Rules trained in the plot's moving mean. */
    static final int WINDOW = 50;
    static final int[] POINTS = {50, 100, 200, 300};

    private SearcherComparison() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].startsWith("--")) {
            System.err.println("usage: SearcherComparison OUT [--trials N] [--seeds 1,2,3] [--searchers ppo,reinforce,"
                    + "random] [--reward child|synthetic] [--preset P] [--space S] [--workers W] [--repeat-target S]"
                    + " [--redraw-tried] [--controller-lr LR] [--train-examples N] [--validation-size N] [--refine-lr] [--report-only]"
                    + " [--bar R]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        Map<String, String> opts = options(args);
        int trials = Integer.parseInt(opts.getOrDefault("trials", "300"));
        List<String> searchers = List.of(opts.getOrDefault("searchers", "ppo,reinforce,random").split(","));
        List<Long> seeds = new ArrayList<>();
        for (String s : opts.getOrDefault("seeds", "1,2,3").split(",")) {
            seeds.add(Long.parseLong(s.trim()));
        }
        Files.createDirectories(out);
        Map<String, List<SearchCurve>> curves = new LinkedHashMap<>();
        Map<String, Double> trainingSeconds = new HashMap<>();
        for (String searcher : searchers) {
            for (long seed : seeds) {
                Path dir = out.resolve(searcher + "-s" + seed);
                if (!opts.containsKey("report-only")) {
                    run(dir, settings(searcher, seed, trials, opts));
                }
                if (!FolderStore.holdsSearch(dir)) {
                    continue;
                }
                List<TrialEntry> log;
                try (FolderStore store = FolderStore.open(dir)) {
                    log = store.readTrials();
                }
                curves.computeIfAbsent(searcher, k -> new ArrayList<>()).add(SearchCurve.of(log));
                double secs = 0;
                for (TrialEntry e : log) {
                    secs += e.cached() ? 0 : e.record().seconds();
                }
                trainingSeconds.merge(searcher, secs, Double::sum);
            }
        }
        String table = table(curves, trainingSeconds,
                opts.containsKey("bar") ? Double.valueOf(opts.get("bar")) : null);
        System.out.print(table);
        Files.writeString(out.resolve("comparison.md"), table);
        String reward = "synthetic".equals(opts.get("reward")) ? "the synthetic reward"
                : "the " + opts.getOrDefault("preset", SearchSettings.Builder.DEFAULT_PRESET) + " preset";
        if (opts.containsKey("space")) {
            reward += ", space " + opts.get("space");
        }
        if (opts.containsKey("redraw-tried")) {
            reward += ", tried rules redrawn";
        }
        ComparisonPlot.write(out.resolve("comparison.png"), "searchers on " + reward + " (" + seeds.size()
                + (seeds.size() == 1 ? " seed, " : " seeds, ") + trials + " rules trained each)", curves, trials,
                WINDOW);
        System.out.println("wrote " + out.resolve("comparison.png") + " and " + out.resolve("comparison.md"));
    }

    static SearchSettings settings(String searcher, long seed, int trials, Map<String, String> opts) {
        Integer train = opts.containsKey("train-examples") ? Integer.valueOf(opts.get("train-examples")) : null;
        Integer validation = opts.containsKey("validation-size") ? Integer.valueOf(opts.get("validation-size")) : null;
        return SearchSettings.builder().searcher(searcher).seed(seed).trials((long) trials)
                .reward(opts.get("reward")).preset(opts.get("preset")).space(opts.get("space"))
                .workers(Integer.valueOf(opts.getOrDefault("workers", "1")))
                .repeatTarget(opts.containsKey("repeat-target") ? Double.valueOf(opts.get("repeat-target")) : null)
                .redrawTried(opts.containsKey("redraw-tried") ? Boolean.TRUE : null)
                .controllerLearningRate(opts.containsKey("controller-lr") ? Double.valueOf(opts.get("controller-lr"))
                        : null)
                .overrides(new PresetOverrides(train, validation, null, null, null, null,
                        opts.containsKey("refine-lr") ? Boolean.TRUE : null))
                .build();
    }

    /** Runs (or continues) one search in {@code dir} until its budget of rules trained is spent. */
    static void run(Path dir, SearchSettings settings) throws IOException, InterruptedException {
        boolean resume = FolderStore.holdsSearch(dir);
        try (FolderStore store = resume ? FolderStore.open(dir) : FolderStore.create(dir);
             LocalWorkerPool workers = LocalWorkerPool.forSearch(settings)) {
            // a resumed search keeps its own settings but takes this run's budget, so a comparison can be extended
            SearchEngine engine = resume
                    ? SearchEngine.resume(store, workers, saved -> saved.withBudget(settings.maxTrials(), 0))
                    : SearchEngine.create(store, settings, workers);
            SearchStats stats = engine.run();
            System.out.printf(Locale.ROOT, "%s: %d rules trained, %d cache hits, best %.4f%n", dir, stats.evaluated(),
                    stats.cacheHits(), stats.best() == null ? Double.NaN : stats.best().reward());
        }
    }

    /**
     * The markdown table: per searcher, best-so-far and the mean reward at each point, mean ± sd over seeds; with a
     * {@code bar}, also how many of the rules trained reached it (mean ± sd over seeds, and the range).
     */
    static String table(Map<String, List<SearchCurve>> curves, Map<String, Double> trainingSeconds, Double bar) {
        StringBuilder b = new StringBuilder("| searcher | seeds |");
        for (int n : POINTS) {
            b.append(" best at ").append(n).append(" |");
        }
        b.append(" mean reward of all trained | mean of the last 100 |");
        if (bar != null) {
            b.append(" rules ≥ ").append(bar).append(" |");
        }
        b.append(" cache hits | training s |\n|---|---|");
        b.append("---|".repeat(POINTS.length + 4 + (bar == null ? 0 : 1))).append('\n');
        for (Map.Entry<String, List<SearchCurve>> e : curves.entrySet()) {
            List<SearchCurve> cs = e.getValue();
            b.append("| ").append(e.getKey()).append(" | ").append(cs.size()).append(" |");
            for (int n : POINTS) {
                b.append(' ').append(cell(CurveBand.over(cs, c -> c.trained() >= n ? c.bestAt(n) : Double.NaN)))
                        .append(" |");
            }
            b.append(' ').append(cell(CurveBand.over(cs, c -> c.meanAt(c.trained())))).append(" |");
            b.append(' ').append(cell(CurveBand.over(cs, c -> c.windowMeanAt(c.trained(), 100)))).append(" |");
            if (bar != null) {
                CurveBand count = CurveBand.over(cs, c -> c.countAtLeast(bar, c.trained()));
                b.append(String.format(Locale.ROOT, " %.1f ± %.1f (%.0f to %.0f) |", count.mean(), count.sd(),
                        count.min(), count.max()));
            }
            long hits = 0;
            int trained = 0;
            for (SearchCurve c : cs) {
                hits += c.cacheHits();
                trained += c.trained();
            }
            b.append(String.format(Locale.ROOT, " %d (for %d trained) | %.0f |%n", hits, trained,
                    trainingSeconds.getOrDefault(e.getKey(), 0.0)));
        }
        return b.toString();
    }

    private static String cell(CurveBand band) {
        if (band.n() == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.4f ± %.4f", band.mean(), band.sd());
    }

    /** The options without a value. */
    static final Set<String> FLAGS = Set.of("refine-lr", "redraw-tried", "report-only");

    /** The options {@link #main} reads, flags included; any other is an error rather than silently ignored. */
    static final SortedSet<String> OPTIONS = new TreeSet<>(Set.of("trials", "seeds", "searchers", "reward", "preset",
            "space", "workers", "repeat-target", "controller-lr", "train-examples", "validation-size", "bar"));

    static {
        OPTIONS.addAll(FLAGS);
    }

    /** The options after {@code OUT}, by name without the dashes. */
    static Map<String, String> options(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected an option, got '" + args[i] + "'");
            }
            String key = args[i].substring(2);
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + args[i] + "': expected one of "
                        + OPTIONS.stream().map(o -> "--" + o).toList());
            }
            if (FLAGS.contains(key)) {
                m.put(key, "true");
            } else if (i + 1 < args.length) {
                m.put(key, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + key + " needs a value");
            }
        }
        return m;
    }
}
