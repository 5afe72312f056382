package dev.nos.cli;

import dev.nos.child.Preset;
import dev.nos.policy.ControllerSettings;
import dev.nos.policy.Searchers;
import dev.nos.engine.ChildTrialExecutor;
import dev.nos.engine.Leaderboard;
import dev.nos.engine.ProgressDisplay;
import dev.nos.engine.RewardPlot;
import dev.nos.engine.SearchEngine;
import dev.nos.engine.SearchSettings;
import dev.nos.engine.SearchStats;
import dev.nos.engine.SyntheticExecutor;
import dev.nos.engine.TrialEntry;
import dev.nos.engine.TrialExecutor;
import dev.nos.engine.TrialLog;
import dev.nos.engine.TransferCheck;
import dev.nos.rule.space.SearchSpace;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
                "With no arguments: the quick preset on Fashion-MNIST, 150 trials or 14 minutes, 1 worker.",
                "Progress goes to stderr; the leaderboard to stdout; DIR/reward.png plots reward against trials.",
                "Ctrl-C stops cleanly; 'nos search --resume DIR' continues where it stopped."})
public final class SearchCommand implements Callable<Integer> {

    /** The default budget of a new search: 150 trials or 14 minutes, whichever comes first. */
    static final long DEFAULT_TRIALS = 150;
    static final Duration DEFAULT_TIME = Duration.ofMinutes(14);

    private static final String QUIET_LOGGER = "org.slf4j.simpleLogger.log.org.nd4j.imports.converters.ImportClassMapping";

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", description = "Directory of a new search (default: runs/search-DATE-TIME).")
    Path dir;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the search in DIR (same settings; --trials, --time and --workers may change).")
    Path resume;

    @Option(names = "--trials", paramLabel = "N", description = "Stop after N trials in all, cached ones included.")
    Long trials;

    @Option(names = "--time", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this long (this run): 90s, 15m, 1h30m, or ISO-8601 (PT15M).")
    Duration time;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the controller and of every child (default: 1).")
    Long seed;

    @Option(names = "--preset", paramLabel = "NAME", description = "Child preset: quick, paper or large (default: quick).")
    String preset;

    @Option(names = "--workers", paramLabel = "W", description = "Trials trained in parallel (default: 1).")
    Integer workers;

    @Option(names = "--searcher", paramLabel = "NAME", description = "ppo (the paper's), reinforce or random (default: ppo).")
    String searcher;

    @Option(names = "--space", paramLabel = "SPACE", description = "Search space: small:N or paper:N, N groups (default: small:2).")
    String space;

    @Option(names = "--batch", paramLabel = "B", description = "Rules per controller update (default: 5, the paper's).")
    Integer batch;

    @Option(names = "--controller-lr", paramLabel = "LR",
            description = "Controller Adam learning rate (default: the paper's 1e-5; 1e-3 with the quick preset and the synthetic reward, whose budgets are a few hundred trials).")
    Double controllerLr;

    @Option(names = "--reward", paramLabel = "KIND",
            description = "child (train a child network, default) or synthetic (closeness to PowerSign, no training: for trying the loop).")
    String reward;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder holding the dataset files (as for nos evaluate; else NOS_DATA, Debian's package, the cache).")
    Path dataDir;

    @Option(names = "--dataset", paramLabel = "NAME", description = "fashion-mnist (default) or cifar-10.")
    String dataset = "fashion-mnist";

    @Option(names = "--with-random", description = "Also run random search on the same budget (in DIR/random) and plot it beside.")
    boolean withRandom;

    @Option(names = "--transfer", paramLabel = "K", description = "Re-evaluate the top K rules on the large child against the baselines.")
    int transfer;

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
        SearchEngine engine;
        try {
            engine = resume != null ? resumeEngine() : newEngine();
        } catch (IllegalArgumentException | IOException e) {
            err.println("nos search: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        SearchSettings s = engine.settings();
        err.printf(Locale.ROOT, "nos search: %s over %s, reward %s, %d worker%s, budget %s -> %s%n", s.searcher(), s.space(),
                rewardName(s), s.workers(), s.workers() == 1 ? "" : "s", budget(s), engine.dir());
        if (!engine.trials().isEmpty()) {
            err.printf(Locale.ROOT, "nos search: resuming after %d trials (%d controller updates)%n", engine.trials().size(),
                    engine.searcher().updates());
        }
        CountDownLatch finished = new CountDownLatch(1);
        try {
            return runAndReport(engine, finished, out, err);
        } finally {
            finished.countDown(); // lets a Ctrl-C hook return (and the JVM exit) only after the output is written
        }
    }

    private int runAndReport(SearchEngine engine, CountDownLatch finished, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        SearchSettings s = engine.settings();
        boolean interrupted = runWithCtrlC(engine, finished, err);
        List<TrialEntry> log = engine.trials();
        out.println();
        out.printf(Locale.ROOT, "Best rules (%s, %d trials, %d cached):%n", s.searcher(), log.size(),
                log.stream().filter(TrialEntry::cached).count());
        out.print(Leaderboard.format(Leaderboard.top(log, top)));
        out.flush();

        Map<String, List<TrialEntry>> plotted = new LinkedHashMap<>();
        plotted.put(s.searcher(), log);
        if (withRandom && !interrupted && !s.searcher().equals("random")) {
            List<TrialEntry> random = runRandom(engine, err);
            plotted.put("random", random);
            out.printf(Locale.ROOT, "Random search on the same budget: best %.4f (%s: %.4f)%n",
                    random.stream().mapToDouble(TrialEntry::reward).max().orElse(0), s.searcher(),
                    log.stream().mapToDouble(TrialEntry::reward).max().orElse(0));
        }
        Path png = engine.dir().resolve("reward.png");
        RewardPlot.write(png, "nos search: " + s.searcher() + " over " + s.space() + ", " + rewardName(s), plotted);
        err.println("nos search: trials in " + engine.dir().resolve(TrialLog.FILE) + ", plot in " + png);
        if (transfer > 0 && !interrupted) {
            TransferCheck.run(engine.dir(), Leaderboard.top(log, transfer), s.dataset() == null ? dataset : s.dataset(), dataDir, s.seed(), out, err);
        }
        return interrupted ? 130 : ExitCodes.OK;
    }

    private SearchEngine newEngine() throws IOException {
        if (searcher != null && !Searchers.NAMES.contains(searcher)) {
            throw new IllegalArgumentException("unknown searcher '" + searcher + "': expected one of " + Searchers.NAMES);
        }
        String rewardKind = reward == null ? "child" : reward.toLowerCase(Locale.ROOT);
        if (!rewardKind.equals("child") && !rewardKind.equals("synthetic")) {
            throw new IllegalArgumentException("unknown reward '" + reward + "': expected child or synthetic");
        }
        String presetName = preset == null ? "quick" : preset.toLowerCase(Locale.ROOT);
        if (!List.of("quick", "paper", "large").contains(presetName)) {
            throw new IllegalArgumentException("unknown preset '" + preset + "': expected quick, paper or large");
        }
        ControllerSettings controller = ControllerSettings.paper();
        boolean scaledDown = rewardKind.equals("synthetic") || presetName.equals("quick");
        controller = controller.withLearningRate(controllerLr != null ? controllerLr : scaledDown ? 1e-3 : 1e-5);
        if (batch != null) {
            controller = controller.withBatchSize(batch);
        }
        long n = trials != null ? trials : time == null ? DEFAULT_TRIALS : 0;
        long secs = time != null ? time.toSeconds() : trials == null ? DEFAULT_TIME.toSeconds() : 0;
        SearchSettings s = new SearchSettings(searcher == null ? "ppo" : searcher.toLowerCase(Locale.ROOT),
                space == null ? "small:2" : SearchSpace.named(space).name(), controller, workers == null ? 1 : workers, n,
                secs, seed == null ? 1 : seed, 3, rewardKind, rewardKind.equals("child") ? presetName : null,
                rewardKind.equals("child") ? dataset : null);
        Path d = dir != null ? dir : Path.of("runs", "search-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        TrialExecutor executor = executor(s);
        return SearchEngine.create(d, s, executor);
    }

    private SearchEngine resumeEngine() throws IOException {
        if (dir != null || seed != null || preset != null || searcher != null || space != null || batch != null
                || controllerLr != null || reward != null) {
            throw new IllegalArgumentException("--resume continues a search with its own settings; only --trials, --time and"
                    + " --workers may be given with it");
        }
        SearchSettings saved = SearchSettings.read(resume);
        UnaryOperator<SearchSettings> change = s -> {
            SearchSettings c = s;
            if (trials != null || time != null) {
                c = c.withBudget(trials != null ? trials : 0, time != null ? time.toSeconds() : 0);
            }
            return workers != null ? c.withWorkers(workers) : c;
        };
        return SearchEngine.resume(resume, executor(saved), change);
    }

    private TrialExecutor executor(SearchSettings s) throws IOException {
        if ("synthetic".equals(s.reward())) {
            return new SyntheticExecutor();
        }
        return ChildTrialExecutor.load(Preset.byName(s.preset()), s.dataset() == null ? dataset : s.dataset(), dataDir, s.seed(), false);
    }

    private static String rewardName(SearchSettings s) {
        return "synthetic".equals(s.reward()) ? "synthetic (closeness to PowerSign)" : s.preset() + " child on " + s.dataset();
    }

    private static String budget(SearchSettings s) {
        String t = s.maxTrials() > 0 ? s.maxTrials() + " trials" : "";
        String d = s.maxSeconds() > 0 ? Duration.ofSeconds(s.maxSeconds()).toString().substring(2).toLowerCase(Locale.ROOT) : "";
        return t.isEmpty() ? d : d.isEmpty() ? t : t + " or " + d;
    }

    /**
     * Runs the engine with a progress display; Ctrl-C stops it cleanly: the hook stops the engine and waits (up to a
     * minute) for {@code finished}, which {@link #call()} counts down once the leaderboard and plot are written.
     * True when it was interrupted.
     */
    private boolean runWithCtrlC(SearchEngine engine, CountDownLatch finished, PrintWriter err)
            throws IOException, InterruptedException {
        if (!quiet) {
            engine.addListener(new ProgressDisplay(err, System.console() != null, engine.settings().maxTrials(), 15));
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
                err.println("nos search: stopped; continue with: nos search --resume " + engine.dir());
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
    private List<TrialEntry> runRandom(SearchEngine main, PrintWriter err) throws IOException, InterruptedException {
        Path rdir = main.dir().resolve("random");
        long n = main.trials().size();
        SearchSettings ms = main.settings();
        SearchEngine random = Files.exists(rdir.resolve(SearchSettings.FILE))
                ? SearchEngine.resume(rdir, executor(ms), s -> s.withBudget(n, 0).withWorkers(ms.workers()))
                : SearchEngine.create(rdir, ms.withSearcher("random").withBudget(n, 0), executor(ms));
        err.println("nos search: random search on the same budget (" + n + " trials) -> " + rdir);
        if (!quiet) {
            random.addListener(new ProgressDisplay(err, System.console() != null, n, 15));
        }
        random.run();
        return random.trials();
    }

    /** Parses 90s, 15m, 2h, 1h30m, 1h30m15s, a plain number of seconds, or ISO-8601 (PT15M). */
    public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern PARTS = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (v.matches("\\d+")) {
                return Duration.ofSeconds(Long.parseLong(v));
            }
            if (v.startsWith("pt")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            Matcher m = PARTS.matcher(v);
            if (v.isEmpty() || !m.matches()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: write 90s, 15m, 1h30m or PT15M");
            }
            long s = 0;
            s += m.group(1) == null ? 0 : Long.parseLong(m.group(1)) * 3600;
            s += m.group(2) == null ? 0 : Long.parseLong(m.group(2)) * 60;
            s += m.group(3) == null ? 0 : Long.parseLong(m.group(3));
            if (s == 0) {
                throw new CommandLine.TypeConversionException("the duration '" + value + "' is zero");
            }
            return Duration.ofSeconds(s);
        }
    }
}
