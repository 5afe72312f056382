package dev.nos.engine;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The live progress of a search on stderr: trials done (and cached), rate, best reward and best rule. On a terminal
 * one line is redrawn in place (carriage return); otherwise (a log file, CI) a line is printed every
 * {@code periodSeconds}, and at the end.
 */
public final class ProgressDisplay implements SearchListener {
    private final PrintWriter out;
    private final boolean terminal;
    private final long total;
    private final BudgetCount counts;
    private final double periodSeconds;
    private double lastPrint = -1;
    private int lastWidth;

    /**
     * @param total  the trial budget, or 0 when the budget is a time
     * @param counts what the budget counts: the line shows rules trained against it, or every trial
     */
    public ProgressDisplay(PrintWriter out, boolean terminal, long total, BudgetCount counts, double periodSeconds) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
        this.counts = counts;
        this.periodSeconds = periodSeconds;
    }

    /** On stderr, redrawing when stderr is a terminal. */
    public static ProgressDisplay onStderr(long total, BudgetCount counts) {
        return new ProgressDisplay(new PrintWriter(System.err, true), System.console() != null, total, counts, 15);
    }

    @Override
    public synchronized void trialFinished(TrialEntry entry, SearchStats stats) {
        double minGap = terminal ? 0.2 : periodSeconds;
        if (lastPrint >= 0 && stats.seconds() - lastPrint < minGap) {
            return;
        }
        lastPrint = stats.seconds();
        show(line(stats), false);
    }

    @Override
    public synchronized void searchStopped(SearchStats stats) {
        show(line(stats), true);
    }

    private void show(String line, boolean last) {
        if (terminal) {
            String padded = line.length() < lastWidth ? line + " ".repeat(lastWidth - line.length()) : line;
            lastWidth = line.length();
            out.print("\r" + padded + (last ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** The progress line. */
    public String line(SearchStats s) {
        StringBuilder sb = new StringBuilder();
        boolean trained = counts == BudgetCount.TRAINED;
        sb.append(trained ? "trained " : "trials ").append(trained ? s.evaluated() : s.trials());
        if (total > 0) {
            sb.append('/').append(total);
        }
        sb.append(String.format(Locale.ROOT, trained ? " (+%d cached) | %.1f/min | %s" : " (%d cached) | %.1f/min | %s",
                s.cacheHits(), s.trialsPerMinute(), elapsed(s.elapsedSeconds())));
        if (s.best() != null) {
            String rule = s.best().rule();
            if (rule.length() > 60) {
                rule = rule.substring(0, 57) + "...";
            }
            sb.append(String.format(Locale.ROOT, " | best %.4f  %s", s.best().reward(), rule));
        }
        return sb.toString();
    }

    static String elapsed(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
