package dev.nos.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nos.rosenbrock.OptimizerResult;
import dev.nos.rosenbrock.Run;
import dev.nos.rosenbrock.StartRanking;
import dev.nos.rosenbrock.Trajectory;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/**
 * The Rosenbrock comparison as a table (for people) and as JSON (for programs). Non-finite numbers are
 * written as JSON null.
 *
 * <p>JSON: {@code {"start": [x, y], "iterations": N, "results": [{"rank", "optimizer", "finalLoss",
 * "distance", "learningRate", "epsilon", "runs": [{"learningRate", "epsilon", "finalLoss", "distance",
 * "divergedAt"}], "trajectory": {"x": [...], "y": [...]}}]}}, ranked by final loss; an optimizer whose every
 * run diverged has null final loss and no trajectory. With {@code --starts}, also {@code "starts": [{"start": [x, y],
 * "results": [...]}]}: the same results from each start, without trajectories.
 */
final class RosenbrockReport {
    private RosenbrockReport() {}

    static void printTable(PrintWriter out, List<OptimizerResult> ranked, double startX, double startY, int iterations) {
        out.printf("Rosenbrock f(x,y) = (1-x)^2 + 100(y-x^2)^2 from (%s, %s), %d iterations; best run of each grid%n",
                num(startX), num(startY), iterations);
        out.printf("%-4s  %-28s  %-12s  %-12s  %-9s  %-8s  %s%n",
                "rank", "optimizer", "final loss", "distance", "lr", "eps", "diverged");
        int rank = 1;
        for (OptimizerResult r : ranked) {
            String diverged = r.divergedRuns() + "/" + r.runs().size();
            if (r.best().isPresent()) {
                Run b = r.best().get();
                out.printf("%-4d  %-28s  %-12.4e  %-12.4e  %-9s  %-8s  %s%n", rank, r.name(), b.finalLoss(), b.distance(),
                        num(b.learningRate()), b.hasEpsilon() ? num(b.epsilon()) : "-", diverged);
            } else {
                out.printf("%-4d  %-28s  %-12s  %-12s  %-9s  %-8s  %s%n", rank, r.name(), "diverged", "-", "-", "-", diverged);
            }
            rank++;
        }
    }

    /**
     * One row per optimizer (in the order of the first start's ranking), one column per start: its rank there, its
     * best final loss, that run's learning rate and how many of its runs diverged.
     */
    static void printStarts(PrintWriter out, List<StartRanking> byStart, int iterations) {
        out.printf("By start point, %d iterations; each cell: rank, best final loss, its learning rate, diverged runs%n",
                iterations);
        StringBuilder header = new StringBuilder(String.format("%-28s", "optimizer"));
        for (StartRanking s : byStart) {
            header.append(String.format("  %-26s", "(" + num(s.start().x()) + ", " + num(s.start().y()) + ")"));
        }
        out.println(header.toString().stripTrailing());
        for (OptimizerResult first : byStart.get(0).ranked()) {
            StringBuilder row = new StringBuilder(String.format("%-28s", first.name()));
            for (StartRanking s : byStart) {
                OptimizerResult r = s.resultOf(first.name()).orElseThrow();
                String diverged = r.divergedRuns() + "/" + r.runs().size();
                String cell = r.best()
                        .map(b -> String.format("%d  %.2e  %s  %s", s.rankOf(r.name()).orElseThrow(), b.finalLoss(),
                                num(b.learningRate()), diverged))
                        .orElseGet(() -> s.rankOf(r.name()).orElseThrow() + "  diverged  " + diverged);
                row.append(String.format("  %-26s", cell));
            }
            out.println(row.toString().stripTrailing());
        }
    }

    static void writeJson(File file, List<OptimizerResult> ranked, List<StartRanking> byStart, double startX,
                          double startY, int iterations) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.putArray("start").add(startX).add(startY);
        root.put("iterations", iterations);
        putResults(root.putArray("results"), ranked, true);
        if (!byStart.isEmpty()) {
            ArrayNode starts = root.putArray("starts");
            for (StartRanking s : byStart) {
                ObjectNode so = starts.addObject();
                so.putArray("start").add(s.start().x()).add(s.start().y());
                putResults(so.putArray("results"), s.ranked(), false);
            }
        }
        mapper.writeValue(file, root);
    }

    private static void putResults(ArrayNode results, List<OptimizerResult> ranked, boolean trajectories) {
        int rank = 1;
        for (OptimizerResult r : ranked) {
            ObjectNode o = results.addObject();
            o.put("rank", rank++);
            o.put("optimizer", r.name());
            Run best = r.best().orElse(null);
            putNumber(o, "finalLoss", best == null ? Double.NaN : best.finalLoss());
            putNumber(o, "distance", best == null ? Double.NaN : best.distance());
            putNumber(o, "learningRate", best == null ? Double.NaN : best.learningRate());
            putNumber(o, "epsilon", best == null ? Double.NaN : best.epsilon());
            ArrayNode runs = o.putArray("runs");
            for (Run run : r.runs()) {
                ObjectNode ro = runs.addObject();
                putNumber(ro, "learningRate", run.learningRate());
                putNumber(ro, "epsilon", run.epsilon());
                putNumber(ro, "finalLoss", run.finalLoss());
                putNumber(ro, "distance", run.distance());
                ro.put("divergedAt", run.divergedAt());
            }
            if (best != null && trajectories) {
                Trajectory t = best.trajectory();
                ObjectNode tr = o.putObject("trajectory");
                ArrayNode xs = tr.putArray("x");
                ArrayNode ys = tr.putArray("y");
                for (int i = 0; i < t.size(); i++) {
                    xs.add(t.x(i));
                    ys.add(t.y(i));
                }
            }
        }
    }

    private static void putNumber(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) {
            o.put(field, v);
        } else {
            o.putNull(field);
        }
    }

    private static String num(double v) {
        return dev.nos.rule.Numbers.format(v);
    }
}
