package dev.nos.cli;

import dev.nos.rosenbrock.Optimizer;
import dev.nos.rosenbrock.OptimizerResult;
import dev.nos.rosenbrock.Optimizers;
import dev.nos.rosenbrock.RosenbrockEngine;
import dev.nos.rosenbrock.StartPoint;
import dev.nos.rosenbrock.StartRanking;
import dev.nos.rule.Rule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code nos rosenbrock}: the paper's Figure 5 experiment (Section 6.1), PowerSign and AddSign (and any --rule) against
 * the baselines. The paper gives no start point; ours defaults to the classic (-1.2, 1), and {@code --starts} ranks
 * the optimizers from several.
 */
@Command(name = "rosenbrock", mixinStandardHelpOptions = true,
        header = "Compare optimizers on the Rosenbrock function (Figure 5).",
        description = {"Minimise the Rosenbrock function with PowerSign, AddSign and any --rule",
                "against SGD, Momentum, RMSProp and Adam (the paper's Figure 5). Each optimizer",
                "gets the best of its 4 learning rates (Adam's epsilon is tuned too). Prints a",
                "table ranked by final loss and draws the best trajectories over the contours.",
                "The paper gives no start point: the default is the classic (-1.2, 1), and",
                "--starts adds the ranking from each of several start points."})
final class RosenbrockCommand extends NosSubcommand {

    @Option(names = "--rule", paramLabel = "RULE",
            description = "An update rule to add (infix or token form); repeatable.")
    List<String> rules = new ArrayList<>();

    @Option(names = "--rule-lrs", paramLabel = "LR", split = ",",
            description = "Learning rates to try for each --rule (default: 1e-4,1e-3,1e-2,1e-1).")
    List<Double> ruleLearningRates;

    @Option(names = "--start", paramLabel = "X,Y", defaultValue = "-1.2,1",
            description = "Start point of the table, JSON and plot (default: ${DEFAULT-VALUE}, the classic start; "
                    + "the paper gives none).")
    String start;

    /** The start points {@code --starts} takes without a value. */
    static final String COMPARISON_STARTS = "-1.2,1;0,0;-1.5,1.5;-1.5,2";

    @Option(names = "--starts", paramLabel = "X,Y;...", arity = "0..1", fallbackValue = COMPARISON_STARTS,
            description = "Also rank the optimizers from each of these start points (';' between points; "
                    + "without a value: " + COMPARISON_STARTS + ").")
    String starts;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "4000",
            description = "Iterations per run (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1",
            description = "Seed for rules that draw random numbers (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
    File json;

    @Option(names = "--plot", paramLabel = "FILE.png", defaultValue = "rosenbrock.png",
            description = "Where to draw the trajectories (default: ${DEFAULT-VALUE}).")
    File plot;

    @Option(names = "--width", paramLabel = "PX", defaultValue = "1000", description = "Plot width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", paramLabel = "PX", defaultValue = "760", description = "Plot height (default: ${DEFAULT-VALUE}).")
    int height;

    @Override
    protected int run() {
        double[] xy = parseStart(start);
        if (iterations < 1) {
            throw new InputException("--iterations must be at least 1, got " + iterations);
        }
        if (width < 100 || height < 100 || width > 10000 || height > 10000) {
            throw new InputException("--width and --height must be 100 to 10000 pixels, got " + width + "x" + height);
        }
        List<Double> ruleGrid = ruleLearningRates == null ? Optimizers.RULE_GRID : ruleLearningRates;
        for (double lr : ruleGrid) {
            if (!(lr > 0) || Double.isInfinite(lr)) {
                throw new InputException("--rule-lrs: learning rates must be positive, got " + lr);
            }
        }
        List<Optimizer> optimizers = new ArrayList<>();
        for (String text : rules) {
            Rule rule = Rule.parse(text);
            optimizers.add(Optimizers.rule(text.trim(), rule, ruleGrid, seed));
        }
        optimizers.addAll(Optimizers.figure5());

        StartPoint main = new StartPoint(xy[0], xy[1]);
        List<StartRanking> byStart = starts == null ? List.of()
                : StartRanking.compare(parseStarts(starts), optimizers, iterations);
        List<OptimizerResult> ranked = byStart.stream().filter(r -> r.start().equals(main)).findFirst()
                .map(StartRanking::ranked)
                .orElseGet(() -> new RosenbrockEngine(xy[0], xy[1], iterations).compare(optimizers));
        RosenbrockReport.printTable(out(), ranked, xy[0], xy[1], iterations);
        if (!byStart.isEmpty()) {
            out().println();
            RosenbrockReport.printStarts(out(), byStart, iterations);
        }
        try {
            if (json != null) {
                RosenbrockReport.writeJson(json, ranked, byStart, xy[0], xy[1], iterations);
                out().println("wrote " + json);
            }
            RosenbrockPlot.write(ranked, xy[0], xy[1], iterations, plot, width, height);
            out().println("wrote " + plot);
        } catch (IOException e) {
            throw new InputException("cannot write output: " + e.getMessage(), e);
        }
        return ExitCodes.OK;
    }

    static List<StartPoint> parseStarts(String text) {
        List<StartPoint> points = new ArrayList<>();
        for (String part : text.split(";", -1)) {
            double[] xy = parseStart("--starts", part);
            StartPoint p = new StartPoint(xy[0], xy[1]);
            if (points.contains(p)) {
                throw new InputException("--starts: (" + part.trim() + ") is given twice in '" + text + "'");
            }
            points.add(p);
        }
        return points;
    }

    static double[] parseStart(String text) {
        return parseStart("--start", text);
    }

    private static double[] parseStart(String option, String text) {
        String[] parts = text.split(",");
        if (parts.length != 2) {
            throw new InputException(option + ": expected X,Y such as -1.2,1, got '" + text + "'");
        }
        double[] xy = new double[2];
        for (int i = 0; i < 2; i++) {
            try {
                xy[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new InputException(option + ": '" + parts[i].trim() + "' is not a number (in '" + text + "')");
            }
            if (!Double.isFinite(xy[i])) {
                throw new InputException(option + ": coordinates must be finite, got '" + text + "'");
            }
        }
        return xy;
    }
}
