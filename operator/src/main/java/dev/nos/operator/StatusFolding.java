package dev.nos.operator;

import dev.nos.kubernetes.OptimizerSearchStatus;
import dev.nos.kubernetes.RankedRule;
import dev.nos.kubernetes.TrialBatch;
import dev.nos.kubernetes.TrialCounts;
import dev.nos.trial.TrialRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Folds finished batches into a search's status: counts by how trials ended, the best rule and a leaderboard of at
 * most {@value #TOP} (ties: the earlier trial). The status stays this size however many batches are folded.
 */
final class StatusFolding {
    static final int TOP = 10;

    private StatusFolding() {}

    /** {@code into} with the records of {@code batch} added (a new object; {@code into} is not changed). */
    static OptimizerSearchStatus fold(OptimizerSearchStatus into, TrialBatch batch) {
        OptimizerSearchStatus out = copy(into);
        TrialCounts counts = out.getTrials() == null ? new TrialCounts() : out.getTrials();
        List<RankedRule> board = new ArrayList<>(out.getLeaderboard() == null ? List.of() : out.getLeaderboard());
        for (TrialRecord r : batch.getStatus().getRecords()) {
            switch (r.status()) {
                case OK -> {
                    counts.setOk(counts.getOk() + 1);
                    board.add(new RankedRule(r.id(), r.reward(), r.ruleInfix(), r.bestLearningRate()));
                }
                case DIVERGED -> counts.setDiverged(counts.getDiverged() + 1);
                case FAILED -> counts.setFailed(counts.getFailed() + 1);
            }
        }
        board.sort(Comparator.comparingDouble(RankedRule::getReward).reversed().thenComparingLong(RankedRule::getTrial));
        List<RankedRule> top = new ArrayList<>(board.subList(0, Math.min(TOP, board.size())));
        out.setTrials(counts);
        out.setLeaderboard(top);
        out.setBest(top.isEmpty() ? null : top.get(0));
        return out;
    }

    static OptimizerSearchStatus copy(OptimizerSearchStatus s) {
        OptimizerSearchStatus c = new OptimizerSearchStatus();
        c.setPhase(s.getPhase());
        c.setConditions(s.getConditions() == null ? null : new ArrayList<>(s.getConditions()));
        c.setObservedGeneration(s.getObservedGeneration());
        if (s.getTrials() != null) {
            TrialCounts t = new TrialCounts();
            t.setOk(s.getTrials().getOk());
            t.setDiverged(s.getTrials().getDiverged());
            t.setFailed(s.getTrials().getFailed());
            t.setRunning(s.getTrials().getRunning());
            c.setTrials(t);
        }
        c.setProgress(s.getProgress());
        c.setBest(s.getBest());
        c.setLeaderboard(s.getLeaderboard() == null ? null : new ArrayList<>(s.getLeaderboard()));
        c.setFolded(s.getFolded() == null ? null : new ArrayList<>(s.getFolded()));
        c.setStartedAt(s.getStartedAt());
        c.setFinishedAt(s.getFinishedAt());
        return c;
    }
}
