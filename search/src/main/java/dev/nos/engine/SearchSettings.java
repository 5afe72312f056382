package dev.nos.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.nos.child.Preset;
import dev.nos.data.DatasetSpec;
import dev.nos.policy.ControllerSettings;
import dev.nos.policy.Searchers;
import dev.nos.rule.Rule;
import dev.nos.rule.space.SearchSpace;
import dev.nos.trial.PresetOverrides;
import dev.nos.trial.RewardKind;
import dev.nos.trial.TrialRequest;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The settings of a search: everything the engine and its workers need, kept by the {@link SearchStore} so that a
 * resumed search continues with the same ones. {@link Builder} holds the defaults, so the command line and the
 * Kubernetes operator build the same search from the same choices.
 *
 * @param searcher    {@code ppo}, {@code reinforce} or {@code random}
 * @param space       the search space's name ({@code small:2} ...)
 * @param controller  the controller's settings
 * @param workers     trials run at once (local worker threads; on Kubernetes, the parallelism)
 * @param maxTrials   stop after this many trials in all, counted as {@code budgetCounts} says; 0 for no limit
 * @param maxSeconds  stop after this much time running, added up over every run of a resumed search; 0 for no limit
 * @param seed        seeds the searcher and every child
 * @param splitSeed   fixes the held-out validation split of every child (as {@code nos evaluate --split-seed})
 * @param maxAttempts how many times a trial is started before dying workers make it FAILED
 * @param reward      what gives the reward
 * @param preset      the child preset ({@code proxy}, {@code quick}, {@code paper}, {@code large}, {@code residual}); null for a
 *                    synthetic reward
 * @param overrides   changes to the preset, or null
 * @param dataset     the child's dataset ({@code fashion-mnist}, {@code cifar-10}); null for a synthetic reward
 * @param data        the folder the workers read the dataset from, or null for the usual places
 * @param budgetCounts what {@code maxTrials} counts: rules trained (the default; null reads as that) or every rule
 *                     proposed, cache hits included
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchSettings(String searcher, String space, ControllerSettings controller, int workers, long maxTrials,
                             long maxSeconds, long seed, long splitSeed, int maxAttempts, RewardKind reward,
                             String preset, PresetOverrides overrides, String dataset, String data,
                             BudgetCount budgetCounts) {

    /** A rule to check a child reward's settings with, by making its request. */
    private static final Rule PROBE = Rule.parseInfix("g");

    public SearchSettings {
        Objects.requireNonNull(controller, "controller");
        Objects.requireNonNull(reward, "reward");
        if (!Searchers.NAMES.contains(searcher)) {
            throw new IllegalArgumentException("unknown searcher '" + searcher + "': expected one of " + Searchers.NAMES);
        }
        SearchSpace.named(space); // names the problem when it is not a space
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
        if (reward == RewardKind.CHILD) {
            Objects.requireNonNull(preset, "preset");
            Objects.requireNonNull(dataset, "dataset");
            // a bad preset, override or dataset fails here, named (the fields are not assigned yet: use the parameters)
            TrialRequest.child(0, PROBE, seed, splitSeed, preset, overrides, dataset, data).validate();
        }
        overrides = overrides == null || overrides.isEmpty() ? null : overrides;
        budgetCounts = budgetCounts == null ? BudgetCount.TRAINED : budgetCounts;
    }

    /** The request of trial {@code id}: the rule with this search's reward, seeds, child protocol and data. */
    public TrialRequest request(long id, Rule rule) {
        return reward == RewardKind.SYNTHETIC ? TrialRequest.synthetic(id, rule, seed)
                : TrialRequest.child(id, rule, seed, splitSeed, preset, overrides, dataset, data);
    }

    /** One line: {@code proxy child on fashion-mnist} or {@code synthetic (closeness to PowerSign)}. */
    public String rewardDescription() {
        return reward == RewardKind.SYNTHETIC ? "synthetic (closeness to PowerSign)"
                : preset + (overrides == null ? "" : " (changed)") + " child on " + dataset;
    }

    /** {@code 150 trials or 14m} ({@code 150 trials proposed} when cache hits count). */
    public String budgetDescription() {
        String t = maxTrials > 0 ? maxTrials + " trials" + (budgetCounts == BudgetCount.PROPOSED ? " proposed" : "") : "";
        String d = maxSeconds > 0 ? Duration.ofSeconds(maxSeconds).toString().substring(2).toLowerCase(Locale.ROOT) : "";
        return t.isEmpty() ? d : d.isEmpty() ? t : t + " or " + d;
    }

    public SearchSettings withSearcher(String s) {
        return new SearchSettings(s, space, controller, workers, maxTrials, maxSeconds, seed, splitSeed, maxAttempts,
                reward, preset, overrides, dataset, data, budgetCounts);
    }

    public SearchSettings withController(ControllerSettings c) {
        return new SearchSettings(searcher, space, c, workers, maxTrials, maxSeconds, seed, splitSeed, maxAttempts,
                reward, preset, overrides, dataset, data, budgetCounts);
    }

    public SearchSettings withSpace(String s) {
        return new SearchSettings(searcher, s, controller, workers, maxTrials, maxSeconds, seed, splitSeed, maxAttempts,
                reward, preset, overrides, dataset, data, budgetCounts);
    }

    public SearchSettings withWorkers(int w) {
        return new SearchSettings(searcher, space, controller, w, maxTrials, maxSeconds, seed, splitSeed, maxAttempts,
                reward, preset, overrides, dataset, data, budgetCounts);
    }

    public SearchSettings withBudgetCounts(BudgetCount counts) {
        return new SearchSettings(searcher, space, controller, workers, maxTrials, maxSeconds, seed, splitSeed,
                maxAttempts, reward, preset, overrides, dataset, data, counts);
    }

    public SearchSettings withBudget(long trials, long seconds) {
        return new SearchSettings(searcher, space, controller, workers, trials, seconds, seed, splitSeed, maxAttempts,
                reward, preset, overrides, dataset, data, budgetCounts);
    }

    public SearchSettings withMaxAttempts(int a) {
        return new SearchSettings(searcher, space, controller, workers, maxTrials, maxSeconds, seed, splitSeed, a,
                reward, preset, overrides, dataset, data, budgetCounts);
    }

    /** The same search reading its data from another folder (the data, not the results, depend on it). */
    public SearchSettings withData(String folder) {
        return new SearchSettings(searcher, space, controller, workers, maxTrials, maxSeconds, seed, splitSeed,
                maxAttempts, reward, preset, overrides, dataset, folder, budgetCounts);
    }

    /** True when {@code other} is the same search (only the budget, the workers and the data folder may differ). */
    public boolean sameSearchAs(SearchSettings other) {
        return searcher.equals(other.searcher) && space.equals(other.space) && controller.equals(other.controller)
                && seed == other.seed && splitSeed == other.splitSeed && reward == other.reward
                && Objects.equals(preset, other.preset) && Objects.equals(overrides, other.overrides)
                && Objects.equals(dataset, other.dataset);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A search's settings from the choices a user made, each left null to take the default. The defaults are ours
     * unless marked as the paper's:
     * <ul>
     *   <li>searcher {@code ppo} (the paper's), space {@code small:2}, batch 5 (the paper's), seed 1, split seed 0
     *   (as {@code nos evaluate}, so the same rule gets the same reward in both), 1 worker, 3 attempts;</li>
     *   <li>reward {@code child}, preset {@code proxy} (ours: the quick protocol on more data, whose reward separates
     *   rules better, docs/results.md), dataset {@code fashion-mnist};</li>
     *   <li>controller learning rate the paper's 1e-5, but 1e-3 for the proxy and quick presets and the synthetic reward, whose
     *   budgets of a few hundred trials would not move a 1e-5 controller (docs/search.md);</li>
     *   <li>a controller that keeps exploring ({@link #DEFAULT_REPEAT_TARGET}, ours): its entropy weight grows while
     *   more than three quarters of its proposals repeat tried rules, and each batch is drawn without repeats; a repeat
     *   target of 1 gives the paper's fixed weight and independent draws;</li>
     *   <li>budget 150 trials or 14 minutes when neither is given (under 15 minutes on a 2-core machine), the trials
     *   counting rules trained ({@link BudgetCount#TRAINED}).</li>
     * </ul>
     */
    public static final class Builder {
        public static final long DEFAULT_TRIALS = 150;
        public static final Duration DEFAULT_TIME = Duration.ofMinutes(14);
        /** Ours: up to three quarters of the proposals may repeat a rule already tried before exploration is pushed up
         * (on the synthetic reward 0.75 and 0.9 found far better rules than 0.25 or 0.5, and 0.75 with a third
         * of 0.9's proposals: docs/search.md). */
        public static final double DEFAULT_REPEAT_TARGET = 0.75;
        /** The child protocol of a search when none is given (ours, {@code Preset.PROXY}). */
        public static final String DEFAULT_PRESET = "proxy";

        private String searcher;
        private String space;
        private Integer batch;
        private Double controllerLearningRate;
        private Double repeatTarget;
        private Boolean redrawTried;
        private Integer workers;
        private Long trials;
        private Duration time;
        private Long seed;
        private Long splitSeed;
        private Integer maxAttempts;
        private String reward;
        private String preset;
        private PresetOverrides overrides;
        private String dataset;
        private String data;
        private String budgetCounts;

        public Builder searcher(String v) { searcher = v; return this; }
        public Builder space(String v) { space = v; return this; }
        public Builder batch(Integer v) { batch = v; return this; }
        public Builder controllerLearningRate(Double v) { controllerLearningRate = v; return this; }
        /**
         * The share of proposals that may repeat a tried rule before the controller's entropy weight grows; 1 is the
         * paper's fixed weight and independent draws ({@link ControllerSettings#repeatTarget}).
         */
        public Builder repeatTarget(Double v) { repeatTarget = v; return this; }
        /**
         * Whether the controller draws again a rule proposed before in the search (off by default;
         * {@link ControllerSettings#redrawTried}).
         */
        public Builder redrawTried(Boolean v) { redrawTried = v; return this; }
        public Builder workers(Integer v) { workers = v; return this; }
        public Builder trials(Long v) { trials = v; return this; }
        public Builder time(Duration v) { time = v; return this; }
        public Builder seed(Long v) { seed = v; return this; }
        public Builder splitSeed(Long v) { splitSeed = v; return this; }
        public Builder maxAttempts(Integer v) { maxAttempts = v; return this; }
        public Builder reward(String v) { reward = v; return this; }
        public Builder preset(String v) { preset = v; return this; }
        public Builder overrides(PresetOverrides v) { overrides = v; return this; }
        public Builder dataset(String v) { dataset = v; return this; }
        public Builder data(String v) { data = v; return this; }
        /** {@code trained} (the default) or {@code proposed}: what the budget of trials counts ({@link BudgetCount}). */
        public Builder budgetCounts(String v) { budgetCounts = v; return this; }

        /** The settings; a bad choice throws {@link IllegalArgumentException} naming it. */
        public SearchSettings build() {
            String s = searcher == null ? "ppo" : searcher.trim().toLowerCase(Locale.ROOT);
            if (!Searchers.NAMES.contains(s)) {
                throw new IllegalArgumentException("unknown searcher '" + searcher + "': expected one of " + Searchers.NAMES);
            }
            RewardKind kind = reward == null ? RewardKind.CHILD : RewardKind.byName(reward);
            String presetName = null;
            String datasetName = null;
            if (kind == RewardKind.CHILD) {
                presetName = Preset.byName(preset == null ? DEFAULT_PRESET : preset).name();
                datasetName = DatasetSpec.byName(dataset == null ? "fashion-mnist" : dataset).name();
            }
            boolean scaledDown = kind == RewardKind.SYNTHETIC || "quick".equals(presetName)
                    || "proxy".equals(presetName);
            ControllerSettings c = ControllerSettings.paper().withLearningRate(
                    controllerLearningRate != null ? controllerLearningRate : scaledDown ? 1e-3 : 1e-5);
            double target = repeatTarget != null ? repeatTarget : DEFAULT_REPEAT_TARGET;
            if (target != 1) { // 1 is the paper's sampling; the settings refuse a target outside (0, 1]
                c = c.exploring(target);
            }
            if (batch != null) {
                c = c.withBatchSize(batch);
            }
            if (redrawTried != null) {
                c = c.withRedrawTried(redrawTried);
            }
            long n = trials != null ? trials : time == null ? DEFAULT_TRIALS : 0;
            long secs = time != null ? time.toSeconds() : trials == null ? DEFAULT_TIME.toSeconds() : 0;
            return new SearchSettings(s, SearchSpace.named(space == null ? "small:2" : space).name(), c,
                    workers == null ? 1 : workers, n, secs, seed == null ? 1 : seed, splitSeed == null ? 0 : splitSeed,
                    maxAttempts == null ? 3 : maxAttempts, kind, presetName,
                    kind == RewardKind.CHILD ? overrides : null, datasetName, kind == RewardKind.CHILD ? data : null,
                    budgetCounts == null ? BudgetCount.TRAINED : BudgetCount.byName(budgetCounts));
        }
    }
}
