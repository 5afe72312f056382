package dev.nos.engine;

import dev.nos.rule.Numbers;
import dev.nos.trial.TrialStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The best rules of a search: evaluated (not cached) trials by reward, best first (ties: the earlier trial). */
public final class Leaderboard {
    private Leaderboard() {}

    public static List<TrialEntry> top(List<TrialEntry> trials, int k) {
        List<TrialEntry> evaluated = new ArrayList<>();
        for (TrialEntry e : trials) {
            if (!e.cached() && e.status() == TrialStatus.OK) {
                evaluated.add(e);
            }
        }
        evaluated.sort(Comparator.comparingDouble(TrialEntry::reward).reversed().thenComparingLong(TrialEntry::trial));
        return evaluated.subList(0, Math.min(k, evaluated.size()));
    }

    /** A text table: rank, reward, best learning rate, trial, rule (infix). */
    public static String format(List<TrialEntry> top) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%4s  %-8s  %-8s  %6s  %s%n", "rank", "reward", "best lr", "trial", "rule"));
        int rank = 1;
        for (TrialEntry e : top) {
            String lr = e.bestLearningRate() == null ? "-" : Numbers.format(e.bestLearningRate());
            sb.append(String.format(Locale.ROOT, "%4d  %-8.4f  %-8s  %6d  %s%n", rank++, e.reward(), lr, e.trial(), e.rule()));
        }
        return sb.toString();
    }
}
