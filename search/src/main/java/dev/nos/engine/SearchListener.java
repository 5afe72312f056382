package dev.nos.engine;

/** Told about every finished trial (on the engine's thread), for progress displays. */
@FunctionalInterface
public interface SearchListener {
    void trialFinished(TrialEntry entry, SearchStats stats);

    /** Called once when the search stops. */
    default void searchStopped(SearchStats stats) {
    }
}
