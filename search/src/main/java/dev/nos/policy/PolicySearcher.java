package dev.nos.policy;

import dev.nos.rule.Rule;
import dev.nos.rule.space.SearchSpace;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The LSTM controller ({@link LstmPolicy}) as a {@link Searcher}, trained by policy gradient with Adam and an
 * exponential-moving-average baseline. The {@link PolicyObjective} says which searcher it is: PPO (the paper's,
 * {@link ControllerSettings#ppoEpochs()} passes of the clipped-ratio loss over each batch) or REINFORCE (one step on
 * mean(A log p)); both add the entropy bonus.
 *
 * <p>Rewards of rules sampled by an older policy: each sample carries the log-probability it had when it was drawn.
 * PPO's ratio {@code exp(log p_now - log p_then)} is an importance weight from that older policy to the current one,
 * and clipping it bounds how far one stale sample can push; so PPO uses stale samples as they are. REINFORCE
 * ignores the staleness (the usual asynchronous approximation).
 *
 * <p>The optimiser is Adam ({@link FlatAdam}: beta1 0.9, beta2 0.999, epsilon 1e-8) over the policy's one flat
 * parameter vector, its moments flat in the same order ({@link LstmPolicy#parameterNames()}). A learning rate of 0
 * skips the optimiser altogether (no gradients, no Adam step, moments and step count unchanged), which keeps such a
 * policy exactly frozen. The gradient buffer is allocated once and reused: learning allocates nothing that grows with
 * the number of trials.
 */
public final class PolicySearcher implements Searcher {
    /** Checkpoint arrays of the optimiser: Adam's first and second moments (flat, parameter order) and its rate. */
    static final String ADAM_M = "adam/m";
    static final String ADAM_V = "adam/v";
    static final String ADAM_LEARNING_RATE = "adam/learning_rate";
    /** Checkpoint array of a controller that keeps exploring: log(entropy weight / configured weight). */
    public static final String ENTROPY_LOG_SCALE = "exploration/entropy_log_scale";
    /**
     * How many times a rule drawn twice in one batch ({@link ControllerSettings#distinctInBatch}) or proposed before
     * ({@link ControllerSettings#redrawTried}) is drawn again.
     */
    static final int REDRAWS = 10;

    private final SearchSpace space;
    private final PolicyObjective objective;
    private final LstmPolicy policy;
    private final RewardBaseline baseline;
    private final long seed;
    private final FlatAdam adam;
    private final double[] gradient;
    private final RepeatShareEntropy exploration;
    private ControllerSettings settings;
    private long sampleCalls;
    private long updates;
    private volatile double lastLoss = Double.NaN;

    public PolicySearcher(SearchSpace space, ControllerSettings settings, PolicyObjective objective, long seed) {
        this.space = Objects.requireNonNull(space, "space");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.objective = Objects.requireNonNull(objective, "objective");
        this.seed = seed;
        this.policy = new LstmPolicy(space, settings, objective, seed);
        this.baseline = new RewardBaseline(settings.baselineDecay());
        this.adam = new FlatAdam(policy.values().length, settings.learningRate());
        this.gradient = new double[policy.values().length];
        this.exploration = new RepeatShareEntropy(settings.entropyWeight(), settings.repeatTarget());
    }

    @Override
    public String name() {
        return objective.searcherName();
    }

    public PolicyObjective objective() {
        return objective;
    }

    @Override
    public SearchSpace space() {
        return space;
    }

    /** The settings; after {@link #restore}, with the checkpoint's learning rate. */
    public ControllerSettings settings() {
        return settings;
    }

    public LstmPolicy policy() {
        return policy;
    }

    public RewardBaseline baseline() {
        return baseline;
    }

    @Override
    public long updates() {
        return updates;
    }

    /** The entropy weight the next update uses (the configured one, unless it {@link ControllerSettings#adaptsEntropy}). */
    public double entropyWeight() {
        return policy.entropyWeight();
    }

    /**
     * Draws {@code n} rules. With {@link ControllerSettings#distinctInBatch} a rule already in the batch is drawn
     * again, up to {@value #REDRAWS} times (then kept); each rule keeps its log-probability under the policy, the
     * ratio PPO uses, which ignores the redraws (a small bias, ours).
     */
    @Override
    public List<SampledRule> sample(int n) {
        return sample(n, rule -> false);
    }

    /**
     * Draws {@code n} rules as {@link #sample(int)}; with {@link ControllerSettings#redrawTried} a rule for which
     * {@code proposedBefore} holds is drawn again too, within the same {@value #REDRAWS} draws (then kept, a repeat
     * that the exploring entropy weight counts). The redraws come from the same seeded stream, so the same seed and
     * the same earlier proposals give the same rules.
     */
    @Override
    public List<SampledRule> sample(int n, Predicate<Rule> proposedBefore) {
        Objects.requireNonNull(proposedBefore, "proposedBefore");
        Random rnd = new Random(Seeds.mix(seed, sampleCalls++));
        List<SampledRule> out = new ArrayList<>(n);
        Set<String> drawn = new HashSet<>();
        for (LstmPolicy.Draw d : policy.sample(n, rnd)) {
            SampledRule rule = decode(d);
            for (int redraw = 0; redraw < REDRAWS && drawAgain(rule, drawn, proposedBefore); redraw++) {
                rule = decode(policy.sample(1, rnd).get(0));
            }
            drawn.add(rule.rule().infix());
            out.add(rule);
        }
        return out;
    }

    private boolean drawAgain(SampledRule rule, Set<String> drawn, Predicate<Rule> proposedBefore) {
        return settings.distinctInBatch() && drawn.contains(rule.rule().infix())
                || settings.redrawTried() && proposedBefore.test(rule.rule());
    }

    private SampledRule decode(LstmPolicy.Draw d) {
        return new SampledRule(space.decode(d.choices()), d.choices(), d.logProbs(), updates);
    }

    @Override
    public void learn(List<ScoredRule> batch) {
        if (batch.isEmpty()) {
            return;
        }
        int n = batch.size();
        List<int[]> choices = new ArrayList<>(n);
        double[] rewards = new double[n];
        double[] oldLogp = new double[n];
        int repeats = 0;
        for (int i = 0; i < n; i++) {
            ScoredRule s = batch.get(i);
            choices.add(s.sample().choices());
            rewards[i] = s.reward();
            oldLogp[i] = s.sample().logProb();
            repeats += s.repeat() ? 1 : 0;
        }
        exploration.observe(repeats, n);
        policy.setEntropyWeight(exploration.weight());
        double[] adv = baseline.advantages(rewards);
        if (adam.learningRate() != 0) { // a frozen policy stays bit for bit as it is
            for (int pass = 0; pass < objective.passes(settings); pass++) {
                double loss = policy.gradient(choices, adv, oldLogp, gradient);
                if (pass == 0) {
                    lastLoss = loss;
                }
                adam.step(policy.values(), gradient);
            }
        }
        updates++;
    }

    /** The loss of the last batch learned from, before its update (NaN before the first). */
    @Override
    public double lastLoss() {
        return lastLoss;
    }

    @Override
    public SearcherState state() {
        Map<String, double[]> arrays = new LinkedHashMap<>();
        for (String name : policy.parameterNames()) {
            arrays.put(name, policy.parameter(name));
        }
        arrays.put(ADAM_M, adam.firstMoments().clone());
        arrays.put(ADAM_V, adam.secondMoments().clone());
        arrays.put(ADAM_LEARNING_RATE, new double[] {adam.learningRate()});
        if (settings.adaptsEntropy()) {
            arrays.put(ENTROPY_LOG_SCALE, new double[] {exploration.logScale()});
        }
        return new SearcherState(name(), space.name(), sampleCalls, updates, baseline.isSet(), baseline.value(),
                adam.steps(), arrays);
    }

    /**
     * Restores everything {@link #state()} wrote: parameters, Adam's moments, step count and learning rate (the
     * checkpoint's rate replaces this searcher's, so that it continues exactly), the baseline and the counters.
     */
    @Override
    public void restore(SearcherState state) {
        state.requireFor(name(), space.name());
        for (String name : policy.parameterNames()) {
            policy.setParameter(name, sized(state, name, policy.parameter(name).length));
        }
        int size = policy.values().length;
        System.arraycopy(sized(state, ADAM_M, size), 0, adam.firstMoments(), 0, size);
        System.arraycopy(sized(state, ADAM_V, size), 0, adam.secondMoments(), 0, size);
        double learningRate = sized(state, ADAM_LEARNING_RATE, 1)[0];
        adam.setLearningRate(learningRate);
        settings = settings.withLearningRate(learningRate);
        adam.setSteps(state.optimizerSteps());
        baseline.restore(state.baselineSet(), state.baseline());
        if (settings.adaptsEntropy() && state.arrays().containsKey(ENTROPY_LOG_SCALE)) {
            exploration.restore(sized(state, ENTROPY_LOG_SCALE, 1)[0]);
            policy.setEntropyWeight(exploration.weight());
        }
        sampleCalls = state.sampleCalls();
        updates = state.updates();
    }

    private static double[] sized(SearcherState state, String name, long length) {
        double[] values = state.array(name);
        if (values.length != length) {
            throw new IllegalArgumentException("checkpoint array '" + name + "' has " + values.length
                    + " numbers, the controller " + length + " (another hidden size?)");
        }
        return values;
    }
}
