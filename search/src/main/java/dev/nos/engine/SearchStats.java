package dev.nos.engine;

/**
 * Where a search stands.
 *
 * @param trials         trials in the log (including those of earlier runs of a resumed search)
 * @param trialsThisRun  trials finished by this run
 * @param evaluated      trials that were actually evaluated (not cached), in all
 * @param cacheHits      trials that took the reward of an equivalent rule, in all
 * @param retries        worker deaths that were retried, this run
 * @param updates        the searcher's number of updates
 * @param seconds        time of this run
 * @param elapsedSeconds time of every run so far, this one included (what the time budget counts)
 * @param best           the best trial so far, or null
 * @param running        trials dispatched to the executor and not finished
 * @param onlyRepeats    the search ended with budget left because its controller proposed only rules already tried
 *                       ({@link BudgetCount#TRAINED})
 */
public record SearchStats(long trials, long trialsThisRun, long evaluated, long cacheHits, long retries, long updates,
                          double seconds, double elapsedSeconds, TrialEntry best, int running, boolean onlyRepeats) {

    /** The trials that use the budget, as {@code settings.budgetCounts()} counts them. */
    public long counted(SearchSettings settings) {
        return settings.budgetCounts() == BudgetCount.PROPOSED ? trials : evaluated;
    }

    /** Whether the budget of trials is spent ({@code false} without one). */
    public boolean budgetSpent(SearchSettings settings) {
        return settings.maxTrials() > 0 && counted(settings) >= settings.maxTrials();
    }

    /** Trials a minute in this run. */
    public double trialsPerMinute() {
        return seconds <= 0 ? 0 : trialsThisRun / seconds * 60;
    }
}
