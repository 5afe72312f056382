package dev.nos.engine;

import dev.nos.rule.Rule;

/**
 * A {@link TrialExecutor} with the {@link SyntheticReward} (closeness to PowerSign, no training), optionally
 * sleeping a fixed time per trial to stand in for a child's training.
 */
public final class SyntheticExecutor implements TrialExecutor {
    private final long sleepMillis;

    public SyntheticExecutor() {
        this(0);
    }

    public SyntheticExecutor(long sleepMillis) {
        if (sleepMillis < 0) {
            throw new IllegalArgumentException("sleep must be >= 0 ms, got " + sleepMillis);
        }
        this.sleepMillis = sleepMillis;
    }

    @Override
    public TrialOutcome evaluate(Rule rule, long seed) throws InterruptedException {
        long start = System.nanoTime();
        if (sleepMillis > 0) {
            Thread.sleep(sleepMillis);
        }
        double reward = SyntheticReward.of(rule);
        return TrialOutcome.ok(reward, null, (System.nanoTime() - start) / 1e9);
    }

    @Override
    public String describe() {
        return "synthetic (fingerprint closeness to PowerSign" + (sleepMillis > 0 ? ", " + sleepMillis + " ms a trial" : "")
                + ")";
    }
}
