package dev.nos.policy;

import dev.nos.rule.space.SearchSpace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The LSTM controller ({@link LstmPolicy}) as a {@link Searcher}, trained by policy gradient with Adam and an
 * exponential-moving-average baseline. {@link PpoSearcher} and {@link ReinforceSearcher} differ only in the loss and
 * in how many passes they make over a batch.
 *
 * <p>Rewards of rules sampled by an older policy: each sample carries the log-probability it had when it was drawn.
 * PPO's ratio {@code exp(log p_now - log p_then)} is an importance weight from that older policy to the current one,
 * and clipping it bounds how far one stale sample can push; so PPO uses stale samples as they are. REINFORCE
 * ignores the staleness (the usual asynchronous approximation).
 */
public abstract class PolicySearcher implements Searcher {
    private final SearchSpace space;
    private final ControllerSettings settings;
    private final LstmPolicy policy;
    private final RewardBaseline baseline;
    private final AdamStep adam;
    private final long seed;
    private long sampleCalls;
    private long updates;

    protected PolicySearcher(SearchSpace space, ControllerSettings settings, PolicyObjective objective, long seed) {
        this.space = space;
        this.settings = settings;
        this.seed = seed;
        this.policy = new LstmPolicy(space, settings, objective, seed);
        this.baseline = new RewardBaseline(settings.baselineDecay());
        this.adam = new AdamStep(settings.learningRate());
    }

    /** How many gradient steps a batch gets. */
    protected abstract int passes();

    @Override
    public SearchSpace space() {
        return space;
    }

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

    @Override
    public List<SampledRule> sample(int n) {
        Random rnd = new Random(Seeds.mix(seed, sampleCalls++));
        List<SampledRule> out = new ArrayList<>(n);
        for (LstmPolicy.Draw d : policy.sample(n, rnd)) {
            out.add(new SampledRule(space.decode(d.choices()), d.choices(), d.logProbs(), updates));
        }
        return out;
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
        for (int i = 0; i < n; i++) {
            ScoredRule s = batch.get(i);
            choices.add(s.sample().choices());
            rewards[i] = s.reward();
            oldLogp[i] = s.sample().logProb();
        }
        double[] adv = baseline.advantages(rewards);
        Map<String, INDArray> params = parameters();
        for (int pass = 0; pass < passes(); pass++) {
            adam.apply(params, policy.gradients(choices, adv, oldLogp));
        }
        updates++;
    }

    private Map<String, INDArray> parameters() {
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (String name : policy.parameterNames()) {
            params.put(name, policy.parameter(name));
        }
        return params;
    }

    @Override
    public SearcherState state() {
        Map<String, double[]> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : parameters().entrySet()) {
            arrays.put(e.getKey(), e.getValue().dup('c').data().asDouble());
        }
        adam.saveTo(arrays);
        return new SearcherState(name(), space.name(), sampleCalls, updates, baseline.isSet(), baseline.value(),
                adam.steps(), arrays);
    }

    @Override
    public void restore(SearcherState state) {
        state.requireFor(name(), space.name());
        Map<String, INDArray> params = parameters();
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            double[] values = state.array(e.getKey());
            if (values.length != e.getValue().length()) {
                throw new IllegalArgumentException("checkpoint array '" + e.getKey() + "' has " + values.length
                        + " numbers, the controller " + e.getValue().length() + " (another hidden size?)");
            }
            e.getValue().assign(Nd4j.create(values, e.getValue().shape(), e.getValue().dataType()));
        }
        adam.restore(state.optimizerSteps(), state.arrays(), params);
        baseline.restore(state.baselineSet(), state.baseline());
        sampleCalls = state.sampleCalls();
        updates = state.updates();
    }
}
