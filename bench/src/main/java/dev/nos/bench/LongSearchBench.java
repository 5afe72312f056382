package dev.nos.bench;

import dev.nos.child.NativeGarbageCollector;
import dev.nos.engine.FolderStore;
import dev.nos.engine.LocalWorkerPool;
import dev.nos.engine.SearchEngine;
import dev.nos.engine.SearchSettings;
import dev.nos.policy.ControllerSettings;
import dev.nos.policy.SampledRule;
import dev.nos.policy.ScoredRule;
import dev.nos.policy.Searcher;
import dev.nos.policy.Searchers;
import dev.nos.rule.space.SearchSpace;
import dev.nos.trial.SyntheticReward;
import org.bytedeco.javacpp.Pointer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The long-search benchmark of issue 12 (not a test): throughput and memory of a synthetic search over many trials.
 *
 * <pre>
 * java [JVM options] -cp bench/target/bench.jar dev.nos.bench.LongSearchBench search     1000,10000,100000 [DIR]
 * java [JVM options] -cp bench/target/bench.jar dev.nos.bench.LongSearchBench controller 1000,10000,100000
 * </pre>
 *
 * <ul>
 *   <li>{@code search}: what {@code nos search --reward synthetic --trials N --quiet} runs: PPO with the paper's
 *   controller (hidden 150, batch 5, 4 passes; learning rate 1e-3, the synthetic default) over small:2, the engine,
 *   the folder store in DIR (default: a new temporary folder) and one local worker computing the synthetic reward.
 *   </li>
 *   <li>{@code controller}: the same controller alone: sample 5 rules, score them, one PPO update, again.</li>
 * </ul>
 * At each count of trials it prints a Markdown row: trials a second overall and since the last row (search), or the
 * mean milliseconds of a sampling pass (5 rules) and of a PPO update since the last row (controller); then the
 * resident memory (VmRSS), the Java heap used after a garbage collection and committed, what JavaCPP counts, and the
 * load average. The garbage collections for the readings are outside the timed spans of the controller mode, and
 * in the search mode they take a few hundred milliseconds of the interval they end.
 */
public final class LongSearchBench {
    private static final double MB = 1024 * 1024;

    private LongSearchBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !List.of("search", "controller").contains(args[0])) {
            System.err.println("usage: LongSearchBench search|controller 1000,10000,100000 [DIR]");
            System.exit(2);
        }
        List<Long> at = new ArrayList<>();
        for (String s : args[1].split(",")) {
            at.add(Long.parseLong(s.trim()));
        }
        System.out.printf(Locale.ROOT, "## LongSearchBench %s, JVM %s %s, load average at start %s%n", args[0],
                System.getProperty("java.version"), jvmOptions(), loadAverage());
        if (args[0].equals("search")) {
            search(at, args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("nos-long-search"));
        } else {
            controller(at);
        }
    }

    private static SearchSettings settings(long trials) {
        return SearchSettings.builder().reward("synthetic").trials(trials).budgetCounts("proposed").seed(1L).build(); // figures count every trial
    }

    static void search(List<Long> at, Path dir) throws Exception {
        SearchSettings s = settings(at.get(at.size() - 1));
        System.out.println("search in " + dir + ": " + s.searcher() + " over " + s.space() + ", controller " + s.controller());
        System.out.println();
        System.out.println("| trials | trials/s overall | trials/s since last row | RSS MB | heap used MB | heap committed MB | JavaCPP MB | load |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        long start = System.nanoTime();
        long[] last = {start, 0};
        try (FolderStore store = FolderStore.create(dir); LocalWorkerPool pool = LocalWorkerPool.forSearch(s)) {
            SearchEngine engine = SearchEngine.create(store, s, pool);
            engine.addListener((entry, stats) -> {
                if (!at.contains(stats.trials())) {
                    return;
                }
                long now = System.nanoTime();
                double overall = stats.trials() / ((now - start) / 1e9);
                double recent = (stats.trials() - last[1]) / ((now - last[0]) / 1e9);
                System.out.printf(Locale.ROOT, "| %d | %.1f | %.1f | %s |%n", stats.trials(), overall, recent, memory());
                last[0] = System.nanoTime();
                last[1] = stats.trials();
            });
            engine.run();
        }
    }

    static void controller(List<Long> at) {
        SearchSettings s = settings(at.get(at.size() - 1));
        ControllerSettings c = s.controller();
        Searcher searcher = Searchers.create(s.searcher(), SearchSpace.named(s.space()), c, s.seed());
        System.out.println("controller alone: " + s.searcher() + " over " + s.space() + ", " + c);
        System.out.println();
        System.out.println("| trials | ms per sampling pass (5 rules) | ms per PPO update (5 rules) | trials/s | RSS MB | heap used MB | heap committed MB | JavaCPP MB | load |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        long trials = 0;
        long sampleNanos = 0;
        long learnNanos = 0;
        long batches = 0;
        int next = 0;
        while (next < at.size()) {
            long t0 = System.nanoTime();
            List<SampledRule> batch = searcher.sample(c.batchSize());
            long t1 = System.nanoTime();
            List<ScoredRule> scored = new ArrayList<>(batch.size());
            for (SampledRule r : batch) {
                scored.add(new ScoredRule(r, SyntheticReward.of(r.rule())));
            }
            long t2 = System.nanoTime();
            searcher.learn(scored);
            long t3 = System.nanoTime();
            sampleNanos += t1 - t0;
            learnNanos += t3 - t2;
            batches++;
            trials += batch.size();
            if (trials >= at.get(next)) {
                double sample = sampleNanos / 1e6 / batches;
                double learn = learnNanos / 1e6 / batches;
                System.out.printf(Locale.ROOT, "| %d | %.2f | %.2f | %.1f | %s |%n", trials, sample, learn,
                        c.batchSize() / ((sample + learn) / 1e3), memory());
                sampleNanos = 0;
                learnNanos = 0;
                batches = 0;
                next++;
            }
        }
    }

    /** RSS, heap used (after a collection) and committed, JavaCPP's count, load average: the row's last cells. */
    private static String memory() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return String.format(Locale.ROOT, "%.0f | %.0f | %.0f | %.1f | %s", residentBytes() / MB,
                (rt.totalMemory() - rt.freeMemory()) / MB, rt.totalMemory() / MB, Pointer.totalBytes() / MB,
                loadAverage());
    }

    private static long residentBytes() {
        long resident = NativeGarbageCollector.procResidentBytes();
        return resident >= 0 ? resident : Pointer.physicalBytes(); // not Linux: JavaCPP's reading
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String jvmOptions() {
        return String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
    }
}
