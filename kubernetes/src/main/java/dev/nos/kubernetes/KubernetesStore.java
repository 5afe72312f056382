package dev.nos.kubernetes;

import dev.nos.engine.EngineCheckpoint;
import dev.nos.engine.FolderStore;
import dev.nos.engine.PendingTrial;
import dev.nos.engine.SearchSettings;
import dev.nos.engine.SearchStore;
import dev.nos.engine.TrialEntry;

import java.io.IOException;
import java.util.List;

/**
 * The controller pod's {@link SearchStore}: the search's folder on the pod's volume (the trial log and the
 * checkpoint outgrow etcd's objects), and, once a trial is durably in the log, word to the {@link KubernetesExecutor}
 * so it can mark a batch whose every trial is logged as consumed, which lets the operator fold and delete it.
 */
public final class KubernetesStore implements SearchStore {
    private final FolderStore folder;
    private final KubernetesExecutor executor;

    /** Tells {@code executor} of the trials already in the folder's log (a restarted controller pod). */
    public KubernetesStore(FolderStore folder, KubernetesExecutor executor) throws IOException {
        this.folder = folder;
        this.executor = executor;
        for (TrialEntry e : folder.readTrials()) {
            if (!e.cached()) {
                executor.logged(e.id());
            }
        }
    }

    @Override
    public SearchSettings readSettings() throws IOException {
        return folder.readSettings();
    }

    @Override
    public void writeSettings(SearchSettings settings) throws IOException {
        folder.writeSettings(settings);
    }

    @Override
    public List<TrialEntry> readTrials() throws IOException {
        return folder.readTrials();
    }

    @Override
    public void appendTrial(TrialEntry entry) throws IOException {
        folder.appendTrial(entry);
        if (!entry.cached()) {
            executor.logged(entry.id());
        }
    }

    @Override
    public EngineCheckpoint readCheckpoint() throws IOException {
        return folder.readCheckpoint();
    }

    @Override
    public void writeCheckpoint(EngineCheckpoint checkpoint) throws IOException {
        folder.writeCheckpoint(checkpoint);
    }

    @Override
    public List<PendingTrial> readPending() throws IOException {
        return folder.readPending();
    }

    @Override
    public void addPending(List<PendingTrial> trials) throws IOException {
        folder.addPending(trials);
    }

    @Override
    public double readElapsedSeconds() throws IOException {
        return folder.readElapsedSeconds();
    }

    @Override
    public void writeElapsedSeconds(double seconds) throws IOException {
        folder.writeElapsedSeconds(seconds);
    }

    @Override
    public String describe() {
        return folder.describe() + " (TrialBatches through " + executor.describe() + ")";
    }

    @Override
    public void close() throws IOException {
        folder.close();
    }
}
