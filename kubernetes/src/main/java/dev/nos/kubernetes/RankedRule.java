package dev.nos.kubernetes;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One rule of a search's leaderboard: its trial, reward and rule (infix). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RankedRule {
    private long trial;
    private double reward;
    private String rule;
    private Double bestLearningRate;

    public RankedRule() {}

    public RankedRule(long trial, double reward, String rule, Double bestLearningRate) {
        this.trial = trial;
        this.reward = reward;
        this.rule = rule;
        this.bestLearningRate = bestLearningRate;
    }

    public long getTrial() { return trial; }
    public void setTrial(long trial) { this.trial = trial; }
    public double getReward() { return reward; }
    public void setReward(double reward) { this.reward = reward; }
    public String getRule() { return rule; }
    public void setRule(String rule) { this.rule = rule; }
    public Double getBestLearningRate() { return bestLearningRate; }
    public void setBestLearningRate(Double bestLearningRate) { this.bestLearningRate = bestLearningRate; }
}
