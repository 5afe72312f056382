package dev.nos.bench;

import dev.nos.policy.ControllerSettings;
import dev.nos.policy.SampledRule;
import dev.nos.policy.ScoredRule;
import dev.nos.policy.Searcher;
import dev.nos.policy.Searchers;
import dev.nos.engine.FolderStore;
import dev.nos.engine.SearchEngine;
import dev.nos.engine.SearchSettings;
import dev.nos.engine.SearchStats;
import dev.nos.engine.SyntheticExecutor;
import dev.nos.engine.TrialEntry;
import dev.nos.engine.TrialExecutor;
import dev.nos.trial.SyntheticReward;
import dev.nos.trial.TrialRecord;
import dev.nos.trial.TrialStatus;
import dev.nos.rule.space.SearchSpace;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The search benchmark (not a test): controller time per batch, engine overhead per trial, cache hits in a
 * 1,000-sample run, and sample efficiency of PPO, REINFORCE and random search on the synthetic reward.
 *
 * <pre>java -cp bench/target/bench.jar dev.nos.bench.SearchBenchmark [all|controller|engine|cache|efficiency] [seeds] [samples]</pre>
 * Results go to stdout as Markdown tables.
 */
public final class SearchBenchmark {
    private SearchBenchmark() {}

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "all";
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        if (what.equals("all") || what.equals("controller")) {
            controller();
        }
        if (what.equals("all") || what.equals("engine")) {
            engine();
        }
        if (what.equals("all") || what.equals("cache")) {
            cache();
        }
        if (what.equals("all") || what.equals("efficiency")) {
            efficiency(seeds, samples);
        }
    }

    /** A search of {@code trials} trials with the synthetic reward and seed {@code seed}. */
    private static SearchSettings synthetic(long trials, long seed) {
        return SearchSettings.builder().reward("synthetic").trials(trials).budgetCounts("proposed").seed(seed).build();
    }

    /** Runs a new search in a fresh temporary folder. */
    private static SearchEngine engine(SearchSettings s, TrialExecutor exec) throws Exception {
        return SearchEngine.create(FolderStore.create(Files.createTempDirectory("nos-bench")), s, exec);
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String range(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "%.3f [%.3f..%.3f]", s[s.length / 2], s[0], s[s.length - 1]);
    }

    /** Time to sample a batch of 5 and to learn from it (PPO, 4 passes; REINFORCE, 1), paper-size controller. */
    static void controller() {
        System.out.println("## Controller time per batch of 5 (hidden 150, seconds, median [min..max] of 30)");
        System.out.println("| space | parameters | searcher | sample 5 | learn from 5 |");
        System.out.println("|---|---|---|---|---|");
        for (String spaceName : List.of("small:2", "paper:2", "paper:4")) {
            SearchSpace space = SearchSpace.named(spaceName);
            for (String name : List.of("ppo", "reinforce")) {
                Searcher s = Searchers.create(name, space, ControllerSettings.paper(), 1);
                int reps = 30;
                double[] sample = new double[reps];
                double[] learn = new double[reps];
                for (int i = -5; i < reps; i++) {
                    long t0 = System.nanoTime();
                    List<SampledRule> batch = s.sample(5);
                    long t1 = System.nanoTime();
                    List<ScoredRule> scored = new ArrayList<>();
                    for (SampledRule r : batch) {
                        scored.add(new ScoredRule(r, SyntheticReward.of(r.rule())));
                    }
                    long t2 = System.nanoTime();
                    s.learn(scored);
                    long t3 = System.nanoTime();
                    if (i >= 0) {
                        sample[i] = (t1 - t0) / 1e9;
                        learn[i] = (t3 - t2) / 1e9;
                    }
                }
                long params = ((dev.nos.policy.PolicySearcher) s).policy().parameterCount();
                System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s |%n", spaceName, params, name, range(sample), range(learn));
            }
        }
        System.out.println();
    }

    /** Engine overhead per trial: a search whose executor does nothing, random searcher and PPO, 1 and 2 workers. */
    static void engine() throws Exception {
        System.out.println("## Engine overhead per trial (executor returns at once; 1,000 trials)");
        System.out.println("| searcher | workers | trials | cached | seconds | ms per trial |");
        System.out.println("|---|---|---|---|---|---|");
        for (String searcher : List.of("random", "ppo")) {
            for (int workers : new int[] {1, 2}) {
                SearchSettings s = synthetic(1000, 1).withSearcher(searcher).withWorkers(workers).withSpace("paper:2")
                        .withController(ControllerSettings.paper().withLearningRate(1e-3));
                long t0 = System.nanoTime();
                TrialExecutor atOnce = batch -> batch.stream().map(r -> CompletableFuture.completedFuture(
                        new TrialRecord(r.id(), null, null, r.rule(), 0.5, null, null, TrialStatus.OK, null, 0, r.seed(),
                                null, null, null))).toList();
                SearchStats st = engine(s, atOnce).run();
                double secs = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %.2f | %.2f |%n", searcher, workers, st.trials(),
                        st.cacheHits(), secs, secs * 1000 / st.trials());
            }
        }
        System.out.println();
    }

    /** Cache hits in a 1,000-sample run on the synthetic reward. */
    static void cache() throws Exception {
        System.out.println("## Cache hits in a 1,000-sample run (synthetic reward, small:2, seed 1)");
        System.out.println("| searcher | controller lr | trials | cache hits | evaluated | best reward |");
        System.out.println("|---|---|---|---|---|---|");
        for (String searcher : List.of("random", "reinforce", "ppo")) {
            for (double lr : searcher.equals("random") ? new double[] {0} : new double[] {1e-5, 1e-3}) {
                SearchSettings s = synthetic(1000, 1).withSearcher(searcher)
                        .withController(ControllerSettings.paper().withLearningRate(lr == 0 ? 1e-5 : lr));
                SearchStats st = engine(s, new SyntheticExecutor()).run();
                System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %d | %.4f |%n", searcher, lr == 0 ? "-" : lr,
                        st.trials(), st.cacheHits(), st.evaluated(), st.best().reward());
            }
        }
        System.out.println();
    }

    /** Best and mean reward after N samples, several seeds, synthetic reward. */
    static void efficiency(int seeds, int samples) throws Exception {
        System.out.printf(Locale.ROOT, "## Sample efficiency on the synthetic reward (small:2, %d samples, seeds 1..%d)%n", samples, seeds);
        System.out.println("| searcher | controller lr | best (median [min..max]) | mean of all | mean of last 100 | trials to reach 0.75 (median) |");
        System.out.println("|---|---|---|---|---|---|");
        for (String searcher : List.of("random", "reinforce", "ppo")) {
            for (double lr : searcher.equals("random") ? new double[] {0} : new double[] {1e-5, 1e-3}) {
                double[] best = new double[seeds];
                double[] mean = new double[seeds];
                double[] last = new double[seeds];
                double[] reach = new double[seeds];
                for (int seed = 1; seed <= seeds; seed++) {
                    SearchSettings s = synthetic(samples, seed).withSearcher(searcher)
                            .withController(ControllerSettings.paper().withLearningRate(lr == 0 ? 1e-5 : lr));
                    SearchEngine e = engine(s, new SyntheticExecutor());
                    e.run();
                    List<TrialEntry> t = e.trials();
                    double b = 0;
                    double sum = 0;
                    double sumLast = 0;
                    reach[seed - 1] = Double.POSITIVE_INFINITY;
                    for (TrialEntry x : t) {
                        b = Math.max(b, x.reward());
                        sum += x.reward();
                        if (x.trial() > t.size() - 100) {
                            sumLast += x.reward();
                        }
                        if (x.reward() >= 0.75 && reach[seed - 1] == Double.POSITIVE_INFINITY) {
                            reach[seed - 1] = x.trial();
                        }
                    }
                    best[seed - 1] = b;
                    mean[seed - 1] = sum / t.size();
                    last[seed - 1] = sumLast / Math.min(100, t.size());
                }
                double r = median(reach);
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %.3f | %.3f | %s |%n", searcher, lr == 0 ? "-" : lr, range(best),
                        median(mean), median(last), Double.isInfinite(r) ? "> " + samples : String.valueOf((long) r));
            }
        }
        System.out.println();
    }
}
