package dev.nos.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.nos.policy.ControllerSettings;
import dev.nos.policy.Searchers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The settings of a search, saved as {@code search.json} in its directory so that {@code --resume} continues with
 * the same ones.
 *
 * @param searcher    {@code ppo}, {@code reinforce} or {@code random}
 * @param space       the search space's name ({@code small:2} ...)
 * @param controller  the controller's settings
 * @param workers     parallel trials
 * @param maxTrials   stop after this many trials in all (cached ones included); 0 for no limit
 * @param maxSeconds  stop after this much wall time (per run of the command); 0 for no limit
 * @param seed        seeds the searcher and every child
 * @param maxAttempts how many times a trial is started before a dying worker makes it FAILED
 * @param reward      what gives the reward: {@code child} or {@code synthetic}
 * @param preset      the child preset ({@code quick}, {@code paper}, {@code large}), for {@code child}
 * @param dataset     the child's dataset ({@code fashion-mnist}, {@code cifar-10}), for {@code child}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchSettings(String searcher, String space, ControllerSettings controller, int workers, long maxTrials,
                             long maxSeconds, long seed, int maxAttempts, String reward, String preset,
                             String dataset) {

    public static final String FILE = "search.json";

    public SearchSettings {
        Objects.requireNonNull(controller, "controller");
        if (!Searchers.NAMES.contains(searcher)) {
            throw new IllegalArgumentException("unknown searcher '" + searcher + "': expected one of " + Searchers.NAMES);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("a search needs at least 1 worker, got " + workers);
        }
        if (maxTrials < 0 || maxSeconds < 0) {
            throw new IllegalArgumentException("the budget must not be negative: trials " + maxTrials + ", seconds " + maxSeconds);
        }
        if (maxTrials == 0 && maxSeconds == 0) {
            throw new IllegalArgumentException("a search needs a budget: a number of trials, a time, or both");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("a trial needs at least 1 attempt, got " + maxAttempts);
        }
    }

    /** A PPO search of {@code trials} trials over {@code small:2} with the paper's controller, 1 worker, synthetic reward. */
    public static SearchSettings defaults(long trials) {
        return new SearchSettings("ppo", "small:2", ControllerSettings.paper(), 1, trials, 0, 1, 3, "synthetic", null, null);
    }

    public SearchSettings withSearcher(String s) {
        return new SearchSettings(s, space, controller, workers, maxTrials, maxSeconds, seed, maxAttempts, reward, preset, dataset);
    }

    public SearchSettings withController(ControllerSettings c) {
        return new SearchSettings(searcher, space, c, workers, maxTrials, maxSeconds, seed, maxAttempts, reward, preset, dataset);
    }

    public SearchSettings withWorkers(int w) {
        return new SearchSettings(searcher, space, controller, w, maxTrials, maxSeconds, seed, maxAttempts, reward, preset, dataset);
    }

    public SearchSettings withBudget(long trials, long seconds) {
        return new SearchSettings(searcher, space, controller, workers, trials, seconds, seed, maxAttempts, reward, preset, dataset);
    }

    public SearchSettings withSeed(long s) {
        return new SearchSettings(searcher, space, controller, workers, maxTrials, maxSeconds, s, maxAttempts, reward, preset, dataset);
    }

    public SearchSettings withSpace(String s) {
        return new SearchSettings(searcher, s, controller, workers, maxTrials, maxSeconds, seed, maxAttempts, reward, preset, dataset);
    }

    public SearchSettings withReward(String r, String p) {
        return new SearchSettings(searcher, space, controller, workers, maxTrials, maxSeconds, seed, maxAttempts, r, p, dataset);
    }

    public SearchSettings withMaxAttempts(int a) {
        return new SearchSettings(searcher, space, controller, workers, maxTrials, maxSeconds, seed, a, reward, preset, dataset);
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        TrialLog.JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(FILE).toFile(), this);
    }

    public static SearchSettings read(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.exists(f)) {
            throw new IOException(dir + " is not a search directory: it has no " + FILE);
        }
        return TrialLog.JSON.readValue(f.toFile(), SearchSettings.class);
    }
}
