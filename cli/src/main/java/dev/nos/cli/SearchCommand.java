package dev.nos.cli;

import dev.nos.child.Preset;
import dev.nos.engine.BudgetCount;
import dev.nos.engine.Durations;
import dev.nos.engine.FolderStore;
import dev.nos.engine.Leaderboard;
import dev.nos.engine.LocalWorkerPool;
import dev.nos.engine.ProgressDisplay;
import dev.nos.engine.RewardPlot;
import dev.nos.engine.SearchEngine;
import dev.nos.engine.SearchSettings;
import dev.nos.engine.SearchStats;
import dev.nos.engine.TrialEntry;
import dev.nos.engine.TransferCheck;
import dev.nos.trial.PresetOverrides;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code nos search}: the paper's search loop on this machine. The controller samples rules, a pool of workers
 * trains a child with each, the controller learns from the rewards; every trial goes to {@code trials.jsonl} in the
 * search's directory, and a stopped search continues with {@code --resume DIR}.
 */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Search for update rules (controller, children, rewards).",
        description = {
                "Search for update rules: an LSTM controller (PPO) samples rules, children are trained with them,",
                "and the controller learns from their rewards (validation accuracy).",
                "",
                "With no arguments: the proxy preset on Fashion-MNIST, 150 rules trained or 14 minutes, 1 worker.",
                "Progress goes to stderr; the leaderboard to stdout; DIR/reward.png plots reward against trials.",
                "Ctrl-C stops cleanly; 'nos search --resume DIR' continues where it stopped."})
public final class SearchCommand implements Callable<Integer> {

    private static final String QUIET_LOGGER = "org.slf4j.simpleLogger.log.org.nd4j.imports.converters.ImportClassMapping";

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", description = "Directory of a new search (default: runs/search-DATE-TIME).")
    Path dir;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the search in DIR (same settings; --trials, --budget-counts, --time, --workers and --data may change).")
    Path resume;

    @Option(names = "--trials", paramLabel = "N", description = "Stop after N trials in all: N rules trained, cache hits (rules equivalent to one already tried) not counted, unless --budget-counts proposed.")
    Long trials;

    @Option(names = "--budget-counts", paramLabel = "WHAT", description = "What --trials counts: trained (default: rules trained) or proposed (every rule the controller proposes, cache hits included).")
    String budgetCounts;

    @Option(names = "--time", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this long in all (a resumed search counts its earlier runs): 90s, 15m, 1h30m, or ISO-8601 (PT15M).")
    Duration time;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the controller and of every child (default: 1).")
    Long seed;

    @Option(names = "--split-seed", paramLabel = "S", description = "Seed of the children's validation split (default: 0, as nos evaluate and nos trial).")
    Long splitSeed;

    @Option(names = "--preset", paramLabel = "NAME", description = "Child preset: " + Preset.NAMES + " (default: proxy).")
    String preset;

    @Option(names = "--workers", paramLabel = "W", description = "Trials trained in parallel (default: 1).")
    Integer workers;

    @Option(names = "--searcher", paramLabel = "NAME", description = "ppo (the paper's), reinforce or random (default: ppo).")
    String searcher;

    @Option(names = "--space", paramLabel = "SPACE", description = "Search space: small:N or paper:N, N groups (default: small:2), or your own: 'operands=g,m,sign(g),adam unary=id,exp,sign binary=add,mul groups=2' (docs/cli.md).")
    String space;

    @Option(names = "--batch", paramLabel = "B", description = "Rules per controller update (default: 5, the paper's).")
    Integer batch;

    @Option(names = "--controller-lr", paramLabel = "LR",
            description = "Controller Adam learning rate (default: the paper's 1e-5; 1e-3 with the proxy and quick presets and the synthetic reward, whose budgets are a few hundred trials).")
    Double controllerLr;

    @Option(names = "--repeat-target", paramLabel = "SHARE",
            description = "Share of proposals that may repeat a rule already tried before the controller's entropy weight grows, in (0, 1] (default: 0.75, ours; 1: the paper's fixed entropy weight and independent draws).")
    Double repeatTarget;

    @Option(names = "--redraw-tried",
            description = "Draw again (up to 10 times) a rule the search has already proposed, so the rules trained are the controller's likeliest untried ones (ours, off by default; docs/search.md).")
    Boolean redrawTried;

    @Option(names = "--reward", paramLabel = "KIND",
            description = "child (train a child network, default) or synthetic (closeness to PowerSign, no training: for trying the loop).")
    String reward;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder holding the dataset files (as for nos evaluate; else NOS_DATA, Debian's package, the cache).")
    Path dataDir;

    @Option(names = "--dataset", paramLabel = "NAME", description = "fashion-mnist (default) or cifar-10.")
    String dataset;

    @Option(names = "--train-examples", paramLabel = "N", description = "Override the preset's training examples.")
    Integer trainExamples;

    @Option(names = "--validation-size", paramLabel = "N", description = "Override the preset's validation size.")
    Integer validationSize;

    @Option(names = "--refine-lr", description = "After each rule's sweep, two more runs place the learning rate "
            + "between the grid's points (ours; docs/reward-protocol.md).")
    Boolean refineLr;

    @Option(names = "--with-random", description = "Also run random search on the same budget (in DIR/random) and plot it beside.")
    boolean withRandom;

    @Option(names = "--transfer", paramLabel = "K", description = "Re-evaluate the top K rules on the large child against the baselines.")
    int transfer;

    @Option(names = "--transfer-preset", paramLabel = "NAME", defaultValue = "large",
            description = "The preset of --transfer: " + Preset.NAMES + " (default: ${DEFAULT-VALUE}).")
    String transferPreset;

    @Option(names = "--top", paramLabel = "K", description = "Rules in the leaderboard (default: 10).")
    int top = 10;

    @Option(names = "--quiet", description = "No progress display.")
    boolean quiet;

    /** Runs {@code nos search} on its own (the {@code nos} command registers it as a subcommand). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new SearchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        // SameDiff's op registry warns about two duplicate TensorFlow op mappings when it starts: not for users
        if (System.getProperty(QUIET_LOGGER) == null) {
            System.setProperty(QUIET_LOGGER, "error");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SearchSettings s;
        Path searchDir;
        FolderStore store;
        Preset transferTo;
        try {
            transferTo = Preset.byName(transferPreset); // a bad name fails now, not after the search
        } catch (IllegalArgumentException e) {
            err.println("nos search: --transfer-preset: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        try {
            if (resume != null) {
                store = FolderStore.open(resume);
                s = resumedSettings(store.readSettings());
                searchDir = resume;
            } else {
                s = newSettings();
                searchDir = dir != null ? dir : Path.of("runs", "search-"
                        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
                store = FolderStore.create(searchDir);
            }
        } catch (IllegalArgumentException | IOException e) {
            err.println("nos search: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        try (store; LocalWorkerPool workers = workers(s, err)) {
            if (workers == null) {
                return ExitCodes.USAGE;
            }
            SearchEngine engine = resume != null ? SearchEngine.resume(store, workers, x -> s)
                    : SearchEngine.create(store, s, workers);
            err.printf(Locale.ROOT, "nos search: %s over %s, reward %s, %d worker%s, budget %s -> %s%n", s.searcher(),
                    s.space(), s.rewardDescription(), s.workers(), s.workers() == 1 ? "" : "s", s.budgetDescription(),
                    searchDir);
            if (engine.trialCount() > 0 || engine.resumedPending() > 0) {
                err.printf(Locale.ROOT, "nos search: resuming after %d trials (%d controller updates), %d unfinished"
                        + " trials taken up again%n", engine.trialCount(), engine.searcher().updates(),
                        engine.resumedPending());
            }
            CountDownLatch finished = new CountDownLatch(1);
            try {
                return runAndReport(engine, searchDir, transferTo, finished, out, err);
            } finally {
                finished.countDown(); // lets a Ctrl-C hook return (and the JVM exit) only after the output is written
            }
        }
    }

    /** The local worker pool for these settings, or null (with the reason on stderr) when the data cannot be had. */
    private static LocalWorkerPool workers(SearchSettings s, PrintWriter err) {
        try {
            return LocalWorkerPool.forSearch(s);
        } catch (UncheckedIOException e) {
            err.println("nos search: " + e.getCause().getMessage());
            return null;
        } catch (IllegalArgumentException e) {
            err.println("nos search: " + e.getMessage());
            return null;
        }
    }

    private int runAndReport(SearchEngine engine, Path searchDir, Preset transferTo, CountDownLatch finished,
                             PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        SearchSettings s = engine.settings();
        boolean interrupted = runWithCtrlC(engine, searchDir, finished, err);
        List<TrialEntry> log = engine.trials();
        out.println();
        long cached = log.stream().filter(TrialEntry::cached).count();
        out.printf(Locale.ROOT, "Best rules (%s, %d rules trained, %d cache hits):%n", s.searcher(),
                log.size() - cached, cached);
        if (engine.stats().onlyRepeats()) {
            err.printf(Locale.ROOT, "nos search: stopped with budget left: the controller proposed only rules already"
                    + " tried (%d proposals for %d rules trained)%n", log.size(), log.size() - cached);
        }
        out.print(Leaderboard.format(Leaderboard.top(log, top)));
        out.flush();

        Map<String, List<TrialEntry>> plotted = new LinkedHashMap<>();
        plotted.put(s.searcher(), log);
        if (withRandom && !interrupted && !s.searcher().equals("random")) {
            List<TrialEntry> random = runRandom(engine, searchDir, err);
            plotted.put("random", random);
            out.printf(Locale.ROOT, "Random search on the same budget: best %.4f (%s: %.4f)%n",
                    random.stream().mapToDouble(TrialEntry::reward).max().orElse(0), s.searcher(),
                    log.stream().mapToDouble(TrialEntry::reward).max().orElse(0));
        }
        Path png = searchDir.resolve("reward.png");
        RewardPlot.write(png, "nos search: " + s.searcher() + " over " + s.space() + ", " + s.rewardDescription(), plotted);
        err.println("nos search: trials in " + searchDir.resolve(FolderStore.TRIALS) + ", plot in " + png);
        if (transfer > 0 && !interrupted) {
            TransferCheck.run(searchDir, Leaderboard.top(log, transfer), transferTo,
                    s.dataset() == null ? "fashion-mnist" : s.dataset(), s.data() == null ? null : Path.of(s.data()),
                    s.seed(), out, err);
        }
        return interrupted ? 130 : ExitCodes.OK;
    }

    private SearchSettings newSettings() {
        PresetOverrides overrides = new PresetOverrides(trainExamples, validationSize, null, null, null, null,
                refineLr);
        return SearchSettings.builder().searcher(searcher).space(space).batch(batch).controllerLearningRate(controllerLr)
                .repeatTarget(repeatTarget).redrawTried(redrawTried).workers(workers).trials(trials).time(time).seed(seed).splitSeed(splitSeed).reward(reward)
                .preset(preset).overrides(overrides).dataset(dataset)
                .data(dataDir == null ? null : dataDir.toString()).budgetCounts(budgetCounts).build();
    }

    private SearchSettings resumedSettings(SearchSettings saved) {
        if (dir != null || seed != null || splitSeed != null || preset != null || searcher != null || space != null
                || batch != null || controllerLr != null || repeatTarget != null || redrawTried != null || reward != null || dataset != null || trainExamples != null
                || validationSize != null || refineLr != null) {
            throw new IllegalArgumentException("--resume continues a search with its own settings; only --trials,"
                    + " --budget-counts, --time, --workers and --data may be given with it");
        }
        SearchSettings c = saved;
        if (budgetCounts != null) {
            c = c.withBudgetCounts(BudgetCount.byName(budgetCounts));
        }
        if (trials != null || time != null) {
            c = c.withBudget(trials != null ? trials : 0, time != null ? time.toSeconds() : 0);
        }
        if (dataDir != null) {
            c = c.withData(dataDir.toString());
        }
        return workers != null ? c.withWorkers(workers) : c;
    }

    /**
     * Runs the engine with a progress display; Ctrl-C stops it cleanly: the hook stops the engine and waits (up to a
     * minute) for {@code finished}, which {@link #call()} counts down once the leaderboard and plot are written.
     * True when it was interrupted.
     */
    private boolean runWithCtrlC(SearchEngine engine, Path searchDir, CountDownLatch finished, PrintWriter err)
            throws IOException, InterruptedException {
        if (!quiet) {
            engine.addListener(new ProgressDisplay(err, System.console() != null, engine.settings().maxTrials(),
                    engine.settings().budgetCounts(), 15));
        }
        boolean[] interrupted = {false};
        Thread hook = new Thread(() -> {
            interrupted[0] = true;
            engine.stop();
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nos-search-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            SearchStats stats = engine.run();
            if (interrupted[0]) {
                err.println("nos search: stopped; continue with: nos search --resume " + searchDir);
            }
            return interrupted[0] && stats != null;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for us
            }
        }
    }

    /** Random search on the same budget as the search just run, in DIR/random (resumed if it is there). */
    private List<TrialEntry> runRandom(SearchEngine main, Path searchDir, PrintWriter err)
            throws IOException, InterruptedException {
        Path rdir = searchDir.resolve("random");
        SearchSettings ms = main.settings();
        long n = main.stats().counted(ms);
        boolean again = FolderStore.holdsSearch(rdir);
        try (FolderStore store = again ? FolderStore.open(rdir) : FolderStore.create(rdir);
             LocalWorkerPool pool = LocalWorkerPool.forSearch(ms)) {
            SearchEngine random = again
                    ? SearchEngine.resume(store, pool, s -> s.withBudget(n, 0).withWorkers(ms.workers()))
                    : SearchEngine.create(store, ms.withSearcher("random").withBudget(n, 0), pool);
            err.println("nos search: random search on the same budget (" + n + " trials"
                    + (ms.budgetCounts() == BudgetCount.PROPOSED ? " proposed" : " trained") + ") -> " + rdir);
            if (!quiet) {
                random.addListener(new ProgressDisplay(err, System.console() != null, n, ms.budgetCounts(), 15));
            }
            random.run();
            return random.trials();
        }
    }

    /** Parses a duration with {@link Durations#parse} (90s, 15m, 1h30m, PT15M ...). */
    public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
