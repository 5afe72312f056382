package dev.nos.kubernetes;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.List;

/**
 * Where a search stands, bounded however long it runs: counts, the best rule, a top-10 leaderboard, conditions and
 * times (the full history is the controller's trial log). The operator writes all of it but {@code controller}, which
 * the controller pod writes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OptimizerSearchStatus {
    private SearchPhase phase;
    private List<Condition> conditions;
    private Long observedGeneration;
    private TrialCounts trials;
    /**
     * {@code done/budget}, e.g. {@code 37/150}, for {@code kubectl get}: done counts the trials folded and the
     * controller's cache hits.
     */
    private String progress;
    private RankedRule best;
    @Size(max = 10)
    private List<RankedRule> leaderboard;
    /** Batches folded into the counts and the leaderboard and not yet deleted (so none is folded twice). */
    private List<String> folded;
    private String startedAt;
    private String finishedAt;
    private ControllerReport controller;

    public SearchPhase getPhase() { return phase; }
    public void setPhase(SearchPhase phase) { this.phase = phase; }
    public List<Condition> getConditions() { return conditions; }
    public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
    public Long getObservedGeneration() { return observedGeneration; }
    public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
    public TrialCounts getTrials() { return trials; }
    public void setTrials(TrialCounts trials) { this.trials = trials; }
    public String getProgress() { return progress; }
    public void setProgress(String progress) { this.progress = progress; }
    public RankedRule getBest() { return best; }
    public void setBest(RankedRule best) { this.best = best; }
    public List<RankedRule> getLeaderboard() { return leaderboard; }
    public void setLeaderboard(List<RankedRule> leaderboard) { this.leaderboard = leaderboard; }
    public String getStartedAt() { return startedAt; }
    public void setStartedAt(String startedAt) { this.startedAt = startedAt; }
    public String getFinishedAt() { return finishedAt; }
    public void setFinishedAt(String finishedAt) { this.finishedAt = finishedAt; }
    public List<String> getFolded() { return folded; }
    public void setFolded(List<String> folded) { this.folded = folded; }
    public ControllerReport getController() { return controller; }
    public void setController(ControllerReport controller) { this.controller = controller; }
}
