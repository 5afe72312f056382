package dev.nos.bench.compare;

import dev.nos.engine.TrialEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * One search as the comparison sees it: the rewards of the rules it trained, in the order they finished (cache hits,
 * which train nothing, are left out and counted). Best-so-far and the mean reward are read at a number of rules
 * trained, so searches that proposed different numbers of repeats compare on the same cost.
 */
public final class SearchCurve {
    private final double[] rewards;
    private final long cacheHits;

    public SearchCurve(double[] rewards, long cacheHits) {
        this.rewards = rewards.clone();
        this.cacheHits = cacheHits;
    }

    /** The curve of a search's trial log. */
    public static SearchCurve of(List<TrialEntry> trials) {
        List<Double> trained = new ArrayList<>();
        long hits = 0;
        for (TrialEntry e : trials) {
            if (e.cached()) {
                hits++;
            } else {
                trained.add(e.reward());
            }
        }
        double[] r = new double[trained.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = trained.get(i);
        }
        return new SearchCurve(r, hits);
    }

    /** Rules trained. */
    public int trained() {
        return rewards.length;
    }

    public long cacheHits() {
        return cacheHits;
    }

    /** The best reward among the first {@code n} rules trained (all of them when fewer); NaN for none. */
    public double bestAt(int n) {
        int k = Math.min(n, rewards.length);
        double best = Double.NaN;
        for (int i = 0; i < k; i++) {
            best = Double.isNaN(best) ? rewards[i] : Math.max(best, rewards[i]);
        }
        return best;
    }

    /**
     * How many of the first {@code n} rules trained (all of them when fewer) reached {@code bar}. The cache trains a
     * function once, so these are distinct functions: how often a searcher finds the top tier, which best-so-far
     * cannot show once every searcher has found one member of it.
     */
    public int countAtLeast(double bar, int n) {
        int k = Math.min(n, rewards.length);
        int count = 0;
        for (int i = 0; i < k; i++) {
            if (rewards[i] >= bar) {
                count++;
            }
        }
        return count;
    }

    /** The mean reward of the first {@code n} rules trained (all of them when fewer); NaN for none. */
    public double meanAt(int n) {
        return mean(0, Math.min(n, rewards.length));
    }

    /** The mean reward of the {@code window} rules trained up to the {@code n}-th; NaN for none. */
    public double windowMeanAt(int n, int window) {
        int to = Math.min(n, rewards.length);
        return mean(Math.max(0, to - window), to);
    }

    private double mean(int from, int to) {
        if (to <= from) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += rewards[i];
        }
        return sum / (to - from);
    }
}
