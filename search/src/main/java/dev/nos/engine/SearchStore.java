package dev.nos.engine;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Where a search keeps what must outlive its process: its settings, the trial log, the controller checkpoint, the
 * trials sampled and not yet finished, and the time it has run. The engine reads and writes only through this: one of
 * the two seams between the engine and where it runs (the other is {@link TrialExecutor}). {@link FolderStore} keeps
 * a search in a folder; a Kubernetes store keeps it in the API and on a volume.
 *
 * <p>Every write is durable when it returns: a process killed right after loses nothing it was told.
 */
public interface SearchStore extends Closeable {

    /** The search's settings, or null when this store holds no search yet. */
    SearchSettings readSettings() throws IOException;

    void writeSettings(SearchSettings settings) throws IOException;

    /** The trial log, in order (trial 1 first). */
    List<TrialEntry> readTrials() throws IOException;

    /** Appends a finished trial; it stops being pending (its request id is in the log). */
    void appendTrial(TrialEntry entry) throws IOException;

    /**
     * Appends finished trials, in order, durable when it returns: the engine's way, with the trials that finished
     * together. A store that can make them durable in one write (as {@link FolderStore} does, one forced write)
     * should; by default each is appended alone.
     */
    default void appendTrials(List<TrialEntry> entries) throws IOException {
        for (TrialEntry e : entries) {
            appendTrial(e);
        }
    }

    /** The last controller checkpoint, or null. */
    EngineCheckpoint readCheckpoint() throws IOException;

    void writeCheckpoint(EngineCheckpoint checkpoint) throws IOException;

    /** Trials sampled (and maybe dispatched) whose entry is not in the log, in the order they were added. */
    List<PendingTrial> readPending() throws IOException;

    /** Remembers sampled trials before they are dispatched. */
    void addPending(List<PendingTrial> trials) throws IOException;

    /** Seconds the search has run in all its runs so far (0 for a new one). */
    double readElapsedSeconds() throws IOException;

    void writeElapsedSeconds(double seconds) throws IOException;

    /** Where it is, for people: a folder, a resource. */
    String describe();
}
