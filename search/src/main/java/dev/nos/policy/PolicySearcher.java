package dev.nos.policy;

import dev.nos.rule.space.SearchSpace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

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
 * <p>The optimiser is ND4J's own Adam ({@link Adam}, beta1 0.9, beta2 0.999, epsilon 1e-8), instantiated as DL4J's
 * updaters are: one {@link GradientUpdater} over a single flat gradient of all the policy's parameters (in
 * {@link LstmPolicy#parameterNames()} order), its state (first moments, then second moments) in one flat view array.
 * SameDiff keeps each parameter in its own array (it copies any view it is given), so each pass copies the gradients
 * into the flat buffer and subtracts each parameter's slice of the update from that parameter. The update is the
 * paper's (TensorFlow's) Adam and the same as this project's earlier hand-written one: step size
 * {@code lr * sqrt(1 - beta2^t) / (1 - beta1^t)} times {@code m / (sqrt(v) + epsilon)}, epsilon added outside the
 * square root and not bias-corrected. One difference: ND4J's fused op replaces a step size of zero by epsilon, so
 * with learning rate 0 it would still move every parameter by about 1e-8 a step; a learning rate of 0 therefore
 * skips the optimiser altogether (no gradients, no Adam step, moments and step count unchanged), which keeps such a
 * policy exactly frozen.
 */
public final class PolicySearcher implements Searcher {
    /** Checkpoint arrays of the optimiser: Adam's first and second moments (flat, parameter order) and its rate. */
    static final String ADAM_M = "adam/m";
    static final String ADAM_V = "adam/v";
    static final String ADAM_LEARNING_RATE = "adam/learning_rate";

    private final SearchSpace space;
    private final PolicyObjective objective;
    private final LstmPolicy policy;
    private final RewardBaseline baseline;
    private final long seed;
    private final long parameterCount;
    private final Adam adamConfig;
    /** [m | v], 2 x parameterCount numbers; the updater works on views of it. */
    private final INDArray adamState;
    private final GradientUpdater<Adam> adam;
    private ControllerSettings settings;
    private long adamSteps;
    private long sampleCalls;
    private long updates;

    @SuppressWarnings("unchecked")
    public PolicySearcher(SearchSpace space, ControllerSettings settings, PolicyObjective objective, long seed) {
        this.space = Objects.requireNonNull(space, "space");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.objective = Objects.requireNonNull(objective, "objective");
        this.seed = seed;
        this.policy = new LstmPolicy(space, settings, objective, seed);
        this.baseline = new RewardBaseline(settings.baselineDecay());
        this.parameterCount = policy.parameterCount();
        this.adamConfig = new Adam(settings.learningRate(), 0.9, 0.999, 1e-8);
        this.adamState = Nd4j.zeros(DataType.DOUBLE, 1, 2 * parameterCount);
        this.adam = (GradientUpdater<Adam>) adamConfig.instantiate(adamState, true);
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
        if (adamConfig.getLearningRate() != 0) { // see the class comment: ND4J's Adam is not frozen at rate 0
            for (int pass = 0; pass < objective.passes(settings); pass++) {
                adamStep(policy.gradients(choices, adv, oldLogp));
            }
        }
        updates++;
    }

    /** One Adam step on all parameters: flat gradient in, update computed in place, each slice subtracted. */
    private void adamStep(Map<String, INDArray> gradients) {
        List<INDArray> ordered = new ArrayList<>();
        for (String name : policy.parameterNames()) {
            ordered.add(gradients.get(name));
        }
        INDArray flat = Nd4j.toFlattened('c', ordered).reshape(1, parameterCount);
        adam.applyUpdater(flat, Math.toIntExact(adamSteps), 0);
        adamSteps++;
        long offset = 0;
        for (String name : policy.parameterNames()) {
            INDArray p = policy.parameter(name);
            INDArray slice = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + p.length()));
            p.subi(slice.reshape('c', p.shape()));
            offset += p.length();
        }
    }

    @Override
    public SearcherState state() {
        Map<String, double[]> arrays = new LinkedHashMap<>();
        for (String name : policy.parameterNames()) {
            arrays.put(name, policy.parameter(name).dup('c').data().asDouble());
        }
        double[] mv = adamState.dup('c').data().asDouble();
        arrays.put(ADAM_M, Arrays.copyOfRange(mv, 0, (int) parameterCount));
        arrays.put(ADAM_V, Arrays.copyOfRange(mv, (int) parameterCount, mv.length));
        arrays.put(ADAM_LEARNING_RATE, new double[] {adamConfig.getLearningRate()});
        return new SearcherState(name(), space.name(), sampleCalls, updates, baseline.isSet(), baseline.value(),
                adamSteps, arrays);
    }

    /**
     * Restores everything {@link #state()} wrote: parameters, Adam's moments, step count and learning rate (the
     * checkpoint's rate replaces this searcher's, so that it continues exactly), the baseline and the counters.
     */
    @Override
    public void restore(SearcherState state) {
        state.requireFor(name(), space.name());
        for (String name : policy.parameterNames()) {
            INDArray p = policy.parameter(name);
            double[] values = sized(state, name, p.length());
            p.assign(Nd4j.create(values, p.shape(), p.dataType()));
        }
        double[] m = sized(state, ADAM_M, parameterCount);
        double[] v = sized(state, ADAM_V, parameterCount);
        double[] mv = new double[2 * (int) parameterCount];
        System.arraycopy(m, 0, mv, 0, m.length);
        System.arraycopy(v, 0, mv, m.length, v.length);
        adamState.assign(Nd4j.create(mv, adamState.shape(), DataType.DOUBLE));
        double learningRate = sized(state, ADAM_LEARNING_RATE, 1)[0];
        adamConfig.setLearningRate(learningRate);
        settings = settings.withLearningRate(learningRate);
        adamSteps = state.optimizerSteps();
        baseline.restore(state.baselineSet(), state.baseline());
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
