package dev.nos.kubernetes;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.nos.engine.BudgetCount;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/**
 * What a user asks of a search: everything {@code nos search} takes, with the same defaults (those of
 * {@code SearchSettings.Builder}, applied by {@link SpecSettings}). The schema refuses what it can (enums, minimums,
 * patterns); the operator reports the rest as an {@code Invalid} condition naming the field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OptimizerSearchSpec {
    @JsonPropertyDescription("Who proposes rules: ppo (the paper's), reinforce or random. Default ppo.")
    private Searcher searcher;

    @JsonPropertyDescription("The search space: small:N or paper:N, N groups from 1 to 4. Default small:2.")
    @Pattern("^(small|paper):[1-4]$")
    private String space;

    @JsonPropertyDescription("A search space of your own (instead of space): operands, functions, groups, constraints.")
    private CustomSpaceSpec customSpace;

    @JsonPropertyDescription("Rules per controller update (the paper's 5). Default 5.")
    @Min(1)
    private Integer batchSize;

    @JsonPropertyDescription("The controller's Adam learning rate. Default 1e-3 for the proxy and quick presets and the synthetic reward, else the paper's 1e-5.")
    @Min(value = 0, inclusive = false)
    private Double controllerLearningRate;

    @JsonPropertyDescription("The share of proposals that may repeat a rule already tried before the controller's entropy weight grows, in (0, 1]. Default 0.75 (ours); 1 gives the paper's fixed entropy weight and independent draws.")
    @Min(value = 0, inclusive = false)
    @Max(1)
    private Double repeatTarget;

    @JsonPropertyDescription("What gives the reward: child (train a child network) or synthetic (no training). Default child.")
    private Reward reward;

    @JsonPropertyDescription("The child protocol and the data it trains on.")
    private ChildSpec child;

    @JsonPropertyDescription("Seeds the controller and every child. Default 1.")
    private Long seed;

    @JsonPropertyDescription("Seeds the children's validation split. Default 0 (as nos evaluate and nos trial).")
    private Long splitSeed;

    @JsonPropertyDescription("Stop after this many trials in all, counted as budgetCounts says. Without trials or time: 150 trials or 14 minutes.")
    @Min(1)
    private Long trials;

    @JsonPropertyDescription("What trials counts: trained (rules trained; a rule equivalent to one already tried takes its reward and is not counted) or proposed (every rule the controller proposes). Default trained.")
    private BudgetCount budgetCounts;

    @JsonPropertyDescription("Stop after the search has run this long in all: 90s, 15m, 1h30m.")
    @Pattern("^([0-9]+h)?([0-9]+m)?([0-9]+s)?$")
    private String time;

    @JsonPropertyDescription("Worker pods running at once. Default 1.")
    @Min(1)
    @Default("1")
    private Integer parallelism;

    @JsonPropertyDescription("Times a trial is started before a crashing worker makes it FAILED. Default 3.")
    @Min(1)
    private Integer maxAttempts;

    @JsonPropertyDescription("The search fails once more trials than this have FAILED. Default: no limit.")
    @Min(0)
    private Integer maxFailedTrials;

    @JsonPropertyDescription("The worker pods' image and resources.")
    private PodSpecOverrides worker;

    @JsonPropertyDescription("The controller pod's image and resources.")
    private PodSpecOverrides controllerPod;

    @JsonPropertyDescription("While true, running trials finish and no new one starts.")
    private Boolean suspend;

    public Searcher getSearcher() { return searcher; }
    public void setSearcher(Searcher searcher) { this.searcher = searcher; }
    public String getSpace() { return space; }
    public void setSpace(String space) { this.space = space; }
    public CustomSpaceSpec getCustomSpace() { return customSpace; }
    public void setCustomSpace(CustomSpaceSpec customSpace) { this.customSpace = customSpace; }
    public Integer getBatchSize() { return batchSize; }
    public void setBatchSize(Integer batchSize) { this.batchSize = batchSize; }
    public Double getRepeatTarget() { return repeatTarget; }
    public void setRepeatTarget(Double v) { this.repeatTarget = v; }
    public Double getControllerLearningRate() { return controllerLearningRate; }
    public void setControllerLearningRate(Double v) { this.controllerLearningRate = v; }
    public Reward getReward() { return reward; }
    public void setReward(Reward reward) { this.reward = reward; }
    public ChildSpec getChild() { return child; }
    public void setChild(ChildSpec child) { this.child = child; }
    public Long getSeed() { return seed; }
    public void setSeed(Long seed) { this.seed = seed; }
    public Long getSplitSeed() { return splitSeed; }
    public void setSplitSeed(Long splitSeed) { this.splitSeed = splitSeed; }
    public Long getTrials() { return trials; }
    public void setTrials(Long trials) { this.trials = trials; }
    public BudgetCount getBudgetCounts() { return budgetCounts; }
    public void setBudgetCounts(BudgetCount budgetCounts) { this.budgetCounts = budgetCounts; }
    public String getTime() { return time; }
    public void setTime(String time) { this.time = time; }
    public Integer getParallelism() { return parallelism; }
    public void setParallelism(Integer parallelism) { this.parallelism = parallelism; }
    public Integer getMaxAttempts() { return maxAttempts; }
    public void setMaxAttempts(Integer maxAttempts) { this.maxAttempts = maxAttempts; }
    public Integer getMaxFailedTrials() { return maxFailedTrials; }
    public void setMaxFailedTrials(Integer maxFailedTrials) { this.maxFailedTrials = maxFailedTrials; }
    public PodSpecOverrides getWorker() { return worker; }
    public void setWorker(PodSpecOverrides worker) { this.worker = worker; }
    public PodSpecOverrides getControllerPod() { return controllerPod; }
    public void setControllerPod(PodSpecOverrides controllerPod) { this.controllerPod = controllerPod; }
    public Boolean getSuspend() { return suspend; }
    public void setSuspend(Boolean suspend) { this.suspend = suspend; }
}
