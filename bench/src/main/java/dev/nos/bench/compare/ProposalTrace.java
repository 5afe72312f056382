package dev.nos.bench.compare;

import dev.nos.engine.EngineCheckpoint;
import dev.nos.engine.FolderStore;
import dev.nos.engine.SearchSettings;
import dev.nos.engine.TrialEntry;
import dev.nos.policy.ControllerSettings;
import dev.nos.policy.PolicySearcher;
import dev.nos.policy.RepeatShareEntropy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a search's controller proposed, window by window of rules trained: how many proposals it took, the share that
 * repeated a rule already tried, the mean reward of all proposals (repeats at their cached reward) against that of
 * the rules trained, how spread out the draws were (mean -log p of a proposal's choices) and the entropy weight.
 * The weight is not logged: it is replayed here from the log, which in log order and in batches of the controller's
 * size is what the controller learned from ({@link RepeatShareEntropy}; a search resumed without its checkpoint
 * relearns the same weight so, as {@code ExploringControllerTest} checks).
 *
 * <pre>
 *   java -cp bench/target/bench.jar dev.nos.bench.compare.ProposalTrace SEARCH_DIR [WINDOW]
 * </pre>
 * WINDOW is in rules trained (default 50, the comparison plot's moving window).
 */
public final class ProposalTrace {

    private ProposalTrace() {
    }

    /**
     * One window: the proposals from just after the previous window's last rule trained to this one's last; the
     * entropy weight's range over the updates in it and its value after them.
     */
    record Window(int firstTrained, int lastTrained, int proposals, int repeats, double meanOfProposals,
                  double meanOfTrained, double meanNegLogP, double minWeight, double maxWeight, double lastWeight) {
        double repeatShare() {
            return proposals == 0 ? Double.NaN : (double) repeats / proposals;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: ProposalTrace SEARCH_DIR [WINDOW]");
            System.exit(2);
        }
        int window = args.length == 2 ? Integer.parseInt(args[1]) : SearcherComparison.WINDOW;
        try (FolderStore store = FolderStore.open(Path.of(args[0]))) {
            SearchSettings s = store.readSettings();
            System.out.println(store.describe() + ": " + s.searcher() + ", space " + s.space() + ", repeat target "
                    + s.controller().repeatTarget() + (s.controller().redrawTried() ? ", redraws tried rules" : ""));
            List<Window> windows = windows(store.readTrials(), s.controller(), window);
            boolean policy = !"random".equals(s.searcher());
            System.out.println(table(windows, policy));
            EngineCheckpoint checkpoint = store.readCheckpoint();
            double[] logScale = checkpoint == null ? null
                    : checkpoint.state().arrays().get(PolicySearcher.ENTROPY_LOG_SCALE);
            if (policy && logScale != null && !windows.isEmpty()) { // the replay checked against the controller's own
                System.out.printf(Locale.ROOT, "entropy weight after the last update: %.6f replayed, %.6f in the"
                                + " checkpoint%n", windows.get(windows.size() - 1).lastWeight(),
                        s.controller().entropyWeight() * Math.exp(logScale[0]));
            }
        }
    }

    /** The log cut into windows of {@code window} rules trained (the last one may be shorter). */
    static List<Window> windows(List<TrialEntry> log, ControllerSettings c, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("the window must be at least 1 rule trained, got " + window);
        }
        RepeatShareEntropy weight = new RepeatShareEntropy(c.entropyWeight(), c.repeatTarget());
        List<Window> out = new ArrayList<>();
        Sums sums = new Sums(1);
        int trained = 0;
        int inBatch = 0;
        int batchRepeats = 0;
        for (TrialEntry e : log) {
            sums.add(e);
            if (e.cached()) {
                batchRepeats++;
            } else {
                trained++;
            }
            if (++inBatch == c.batchSize()) {
                weight.observe(batchRepeats, inBatch); // then the update of this batch uses the new weight
                sums.weight(weight.weight());
                inBatch = 0;
                batchRepeats = 0;
            }
            if (!e.cached() && trained % window == 0) {
                out.add(sums.window(trained, weight.weight()));
                sums = new Sums(trained + 1);
            }
        }
        if (sums.proposals > 0) {
            out.add(sums.window(trained, weight.weight()));
        }
        return out;
    }

    /** What one window has added up so far. */
    private static final class Sums {
        final int firstTrained;
        int proposals;
        int repeats;
        int trained;
        double all;
        double ofTrained;
        double negLogP;
        double minWeight = Double.POSITIVE_INFINITY;
        double maxWeight;

        Sums(int firstTrained) {
            this.firstTrained = firstTrained;
        }

        void add(TrialEntry e) {
            proposals++;
            all += e.reward();
            if (e.logProbs() != null) {
                for (double lp : e.logProbs()) {
                    negLogP -= lp;
                }
            }
            if (e.cached()) {
                repeats++;
            } else {
                trained++;
                ofTrained += e.reward();
            }
        }

        void weight(double w) {
            minWeight = Math.min(minWeight, w);
            maxWeight = Math.max(maxWeight, w);
        }

        Window window(int lastTrained, double lastWeight) {
            return new Window(firstTrained, lastTrained, proposals, repeats, all / proposals,
                    trained > 0 ? ofTrained / trained : Double.NaN, negLogP / proposals, minWeight, maxWeight,
                    lastWeight);
        }
    }

    /** The windows as a Markdown table; {@code withWeight} false leaves the weight out (random search has none). */
    static String table(List<Window> windows, boolean withWeight) {
        StringBuilder b = new StringBuilder("| rules trained | proposals | repeats | mean reward of all proposals"
                + " | mean reward of the rules trained | mean -log p of a proposal | entropy weight |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (Window w : windows) {
            String weight = !withWeight || Double.isInfinite(w.minWeight()) ? "-"
                    : String.format(Locale.ROOT, "%.4f to %.4f", w.minWeight(), w.maxWeight());
            b.append(String.format(Locale.ROOT, "| %d to %d | %d | %.0f%% | %.3f | %.3f | %.1f | %s |%n",
                    w.firstTrained(), w.lastTrained(), w.proposals(), 100 * w.repeatShare(), w.meanOfProposals(),
                    w.meanOfTrained(), w.meanNegLogP(), weight));
        }
        return b.toString();
    }
}
