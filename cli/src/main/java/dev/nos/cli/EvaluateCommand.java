package dev.nos.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.nos.child.Baselines;
import dev.nos.child.Candidate;
import dev.nos.child.OneDnn;
import dev.nos.child.LearningRateDecay;
import dev.nos.child.Preset;
import dev.nos.child.RewardEvaluator;
import dev.nos.trial.InvalidRequestException;
import dev.nos.trial.PresetOverrides;
import dev.nos.trial.TrialRecord;
import dev.nos.trial.TrialStatus;
import dev.nos.data.DataSplit;
import dev.nos.data.DatasetDownloader;
import dev.nos.data.DatasetLocator;
import dev.nos.data.DatasetSpec;
import dev.nos.data.ImageDataset;
import dev.nos.rule.Numbers;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code nos evaluate}: runs the reward protocol on rules and baseline optimizers and prints a table (best
 * learning rate, validation and test accuracy, time; mean and spread over seeds), or JSON trial records,
 * and optionally a PNG of validation accuracy per epoch.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        header = "Train the child network with rules and report their rewards.",
        description = {"Train the child network with each RULE (infix or token form, or a baseline name:"
                + " SGD, Momentum, Adam, RMSProp, PowerSign, AddSign) and report the reward:"
                + " held-out validation accuracy after the learning-rate sweep and the final run.",
                "Put -- before rules that begin with '-', e.g. nos evaluate Adam -- -g"})
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RULE", arity = "0..*", description = "rules or baseline names")
    List<String> rules = new ArrayList<>();

    @Option(names = "--preset", defaultValue = "proxy", description = Preset.NAMES + " (default: ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--baselines", description = "also evaluate the baselines ${COMPLETION-CANDIDATES}")
    boolean baselines;

    @Option(names = "--seeds", defaultValue = "1", description = "seeds per rule: 1..N (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--refine-lr", description = "after the sweep, "
            + "two more runs place the learning rate between the grid's points (ours; docs/reward-protocol.md)")
    boolean refineLr;

    @Option(names = "--first-seed", defaultValue = "1", paramLabel = "K",
            description = "start the seeds at K: seeds K..K+N-1 (default: ${DEFAULT-VALUE}), to add seeds to a "
                    + "finished run")
    int firstSeed;

    @Option(names = "--split-seed", defaultValue = "0", description = "seed of the fixed validation split")
    long splitSeed;

    @Option(names = "--dataset", defaultValue = "fashion-mnist", description = "fashion-mnist or cifar-10")
    String dataset;

    @Option(names = "--data", paramLabel = "DIR", description = "folder holding the dataset files")
    Path data;

    @Option(names = "--download-url", paramLabel = "URL",
            description = "base URL to fetch missing dataset files from (default: the official host)")
    String downloadUrl;

    @Option(names = "--no-download", description = "never download; fail if the dataset is not on disk")
    boolean noDownload;

    @Option(names = "--train-examples", paramLabel = "N", description = "override the preset's training examples")
    Integer trainExamples;

    @Option(names = "--validation-size", paramLabel = "N", description = "override the preset's validation size")
    Integer validationSize;

    @Option(names = "--lr-decay", paramLabel = "D",
            description = "override the preset's learning-rate decay over each run: constant or linear (to 0)")
    String lrDecay;

    @Option(names = "--final-epochs", paramLabel = "N", description = "override the preset's final epochs")
    Integer finalEpochs;

    @Option(names = "--learning-rates", paramLabel = "LR,LR...", split = ",",
            description = "override the preset's sweep of learning rates")
    List<Double> learningRates;

    @Option(names = "--json", description = "print {\"trials\": [...]} records instead of the table")
    boolean json;

    @Option(names = "--plot", paramLabel = "F.png", description = "write validation accuracy per epoch as a PNG")
    Path plot;

    @Override
    public Integer call() throws IOException {
        OneDnn.ensureEnabled();
        PrintWriter out = spec.commandLine().getOut();
        List<String> names = new ArrayList<>(rules);
        if (baselines) {
            for (String b : baselineNames()) {
                if (!names.contains(b)) {
                    names.add(b);
                }
            }
        }
        if (names.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "give at least one RULE, or --baselines");
        }
        if (seeds < 1) {
            throw new ParameterException(spec.commandLine(), "--seeds must be at least 1");
        }
        if (firstSeed < 1) {
            throw new ParameterException(spec.commandLine(), "--first-seed must be at least 1");
        }
        Preset p;
        DatasetSpec ds;
        try {
            p = Preset.byName(preset);
            ds = DatasetSpec.byName(dataset);
            for (String n : names) {
                Candidate.parse(n, 1); // fail early on a bad rule
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        try { // the same checks as a trial request's overrides, each named by its flag
            p = new PresetOverrides(trainExamples, validationSize, learningRates, null, finalEpochs, null).applyTo(p);
        } catch (InvalidRequestException e) {
            throw new ParameterException(spec.commandLine(), flag(e.field()) + ": " + e.getMessage()
                    .substring(e.field().length() + 2));
        }
        try {
            if (lrDecay != null) {
                p = p.withDecay(LearningRateDecay.parse(lrDecay));
            }
            if (refineLr) {
                p = p.withRefinement(true);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--lr-decay: " + e.getMessage());
        }
        ImageDataset images;
        try {
            images = DatasetLocator.standard(data).load(ds, noDownload ? null : new DatasetDownloader(downloadUrl));
        } catch (IOException e) {
            spec.commandLine().getErr().println("nos evaluate: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
        DataSplit split;
        try {
            split = DataSplit.of(images.train(), p.validationSize(), p.trainExamples(), splitSeed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), ds.name() + ": " + e.getMessage()
                    + " (see --train-examples, --validation-size)");
        }
        int perTrial = p.runsPerTrial();
        ProgressBar bar = new ProgressBar(System.err, names.size() * seeds * perTrial);
        int[] trialIndex = {0};
        RewardEvaluator ev = new RewardEvaluator(p, split, images.test())
                .onProgress((what, d, t) -> bar.show(trialIndex[0] * perTrial + d, what));
        List<TrialRecord> trials = new ArrayList<>();
        for (String n : names) {
            for (int s = firstSeed; s < firstSeed + seeds; s++) {
                Candidate c = Candidate.parse(n, s);
                trials.add(ev.evaluate(c.name(), c.rule(), c.factory(), s));
                trialIndex[0]++;
                bar.show(trialIndex[0] * perTrial, c.name() + " done");
            }
        }
        bar.done();
        if (json) {
            ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println(om.writeValueAsString(Map.of("trials", trials)));
            out.flush();
        } else {
            printTable(out, trials, p, ds);
        }
        if (plot != null) {
            writePlot(plot, trials);
            if (!json) {
                out.println("plot: " + plot);
            }
        }
        out.flush();
        return 0;
    }

    /** The baselines, in display order. */
    static List<String> baselineNames() {
        return new ArrayList<>(Baselines.all().keySet());
    }

    private static void printTable(PrintWriter out, List<TrialRecord> trials, Preset p, DatasetSpec ds) {
        out.printf(Locale.ROOT, "dataset %s, preset %s: %d train, %d validation, rates %s, %d+%d epochs, child %s%n",
                ds.name(), p.name(), p.trainExamples(), p.validationSize(), rates(p), p.sweepEpochs(),
                p.finalEpochs(), p.child().name().toLowerCase(Locale.ROOT));
        Map<String, List<TrialRecord>> byName = new LinkedHashMap<>();
        for (TrialRecord t : trials) {
            byName.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(t);
        }
        int w = Math.max(10, byName.keySet().stream().mapToInt(String::length).max().orElse(10));
        String fmt = "%-" + w + "s  %-10s  %-17s  %-17s  %8s  %s%n";
        out.printf(Locale.ROOT, fmt, "rule", "best lr", "validation acc", "test acc", "time s", "status");
        for (Map.Entry<String, List<TrialRecord>> e : byName.entrySet()) {
            List<TrialRecord> ts = e.getValue();
            TreeMap<String, Integer> lrs = new TreeMap<>();
            List<Double> val = new ArrayList<>();
            List<Double> test = new ArrayList<>();
            List<Double> secs = new ArrayList<>();
            Map<TrialStatus, Integer> status = new LinkedHashMap<>();
            for (TrialRecord t : ts) {
                if (t.bestLearningRate() != null) {
                    lrs.merge(Numbers.format(t.bestLearningRate()), 1, Integer::sum);
                }
                val.add(t.reward());
                if (t.testAccuracy() != null) {
                    test.add(t.testAccuracy());
                }
                secs.add(t.seconds());
                status.merge(t.status(), 1, Integer::sum);
            }
            out.printf(Locale.ROOT, fmt, e.getKey(), lrs.isEmpty() ? "-" : String.join(",", lrs.keySet()),
                    meanSpread(val), test.isEmpty() ? "-" : meanSpread(test),
                    String.format(Locale.ROOT, "%.1f", mean(secs)), statusText(status, ts));
        }
    }

    private static String statusText(Map<TrialStatus, Integer> status, List<TrialRecord> ts) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<TrialStatus, Integer> s : status.entrySet()) {
            b.append(b.length() == 0 ? "" : ", ").append(s.getKey().name().toLowerCase(Locale.ROOT));
            if (ts.size() > 1) {
                b.append(" x").append(s.getValue());
            }
        }
        for (TrialRecord t : ts) {
            if (t.status() == TrialStatus.FAILED) {
                b.append(" (").append(t.error()).append(')');
                break;
            }
        }
        return b.toString();
    }

    private static String rates(Preset p) {
        List<String> r = new ArrayList<>();
        for (double lr : p.learningRates()) {
            r.add(Numbers.format(lr));
        }
        return String.join(",", r);
    }

    private static String meanSpread(List<Double> xs) {
        if (xs.size() == 1) {
            return String.format(Locale.ROOT, "%.4f", xs.get(0));
        }
        double m = mean(xs);
        double ss = 0;
        for (double x : xs) {
            ss += (x - m) * (x - m);
        }
        return String.format(Locale.ROOT, "%.4f ± %.4f", m, Math.sqrt(ss / (xs.size() - 1)));
    }

    private static double mean(List<Double> xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return xs.isEmpty() ? Double.NaN : s / xs.size();
    }

    /** Mean validation accuracy per epoch of each rule's final runs, one line per rule. */
    static void writePlot(Path file, List<TrialRecord> trials) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, List<List<Double>>> byName = new LinkedHashMap<>();
        for (TrialRecord t : trials) {
            byName.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(t.validationAccuracyPerEpoch());
        }
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, List<List<Double>>> e : byName.entrySet()) {
            XYSeries s = new XYSeries(e.getKey());
            int epochs = e.getValue().stream().mapToInt(List::size).max().orElse(0);
            for (int i = 0; i < epochs; i++) {
                double sum = 0;
                int n = 0;
                for (List<Double> run : e.getValue()) {
                    if (i < run.size()) {
                        sum += run.get(i);
                        n++;
                    }
                }
                s.add(i + 1, sum / n);
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Validation accuracy of the final run", "epoch",
                "validation accuracy", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot xy = chart.getXYPlot();
        xy.setBackgroundPaint(Color.WHITE);
        xy.setDomainGridlinePaint(Color.LIGHT_GRAY);
        xy.setRangeGridlinePaint(Color.LIGHT_GRAY);
        xy.getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        ((NumberAxis) xy.getRangeAxis()).setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        xy.setRenderer(renderer);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            java.nio.file.Files.createDirectories(parent);
        }
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 560);
    }

    /** A one-line progress bar on stderr, redrawn in place. */
    static final class ProgressBar {
        private final PrintStream err;
        private final int total;
        private int done;

        ProgressBar(PrintStream err, int total) {
            this.err = err;
            this.total = total;
        }

        void show(int reached, String what) {
            done = Math.min(total, Math.max(done, reached));
            int width = 30;
            int filled = total == 0 ? width : done * width / total;
            String label = what.length() > 40 ? what.substring(0, 37) + "..." : what;
            err.printf(Locale.ROOT, "\r[%s%s] %d/%d %-40s", "#".repeat(filled), " ".repeat(width - filled), done,
                    total, label);
            err.flush();
        }

        void done() {
            err.println();
        }
    }

    /** The flag of an override field ({@code overrides.finalEpochs} is {@code --final-epochs}). */
    private static String flag(String field) {
        String name = field.substring(field.indexOf('.') + 1);
        return "--" + name.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }
}
