package dev.nos.kubernetes;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The part of a search's status the controller pod writes (server-side apply, field manager {@code nos-controller}):
 * what only the engine knows.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ControllerReport {
    private long trials;
    private long cacheHits;
    private long updates;
    private Double entropy;
    private Double loss;
    private Boolean finished;
    /** True when it finished with budget left because it proposed only rules already tried (BudgetCount). */
    private Boolean onlyRepeats;

    public long getTrials() { return trials; }
    public void setTrials(long trials) { this.trials = trials; }
    public long getCacheHits() { return cacheHits; }
    public void setCacheHits(long cacheHits) { this.cacheHits = cacheHits; }
    public long getUpdates() { return updates; }
    public void setUpdates(long updates) { this.updates = updates; }
    public Double getEntropy() { return entropy; }
    public void setEntropy(Double entropy) { this.entropy = entropy; }
    public Double getLoss() { return loss; }
    public void setLoss(Double loss) { this.loss = loss; }
    public Boolean getFinished() { return finished; }
    public void setFinished(Boolean finished) { this.finished = finished; }
    public Boolean getOnlyRepeats() { return onlyRepeats; }
    public void setOnlyRepeats(Boolean onlyRepeats) { this.onlyRepeats = onlyRepeats; }
}
