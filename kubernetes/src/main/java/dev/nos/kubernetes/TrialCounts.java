package dev.nos.kubernetes;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Trials of a search by how they ended, folded from its finished batches (the status never lists trials). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrialCounts {
    private long ok;
    private long diverged;
    private long failed;
    private long running;

    public long getOk() { return ok; }
    public void setOk(long ok) { this.ok = ok; }
    public long getDiverged() { return diverged; }
    public void setDiverged(long diverged) { this.diverged = diverged; }
    public long getFailed() { return failed; }
    public void setFailed(long failed) { this.failed = failed; }
    public long getRunning() { return running; }
    public void setRunning(long running) { this.running = running; }
}
