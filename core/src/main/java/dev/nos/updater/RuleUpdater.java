package dev.nos.updater;

import dev.nos.rule.Operand;
import dev.nos.rule.Rule;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;

/**
 * A DL4J updater configuration ({@link IUpdater}) that trains with an update rule of the nos language:
 * {@code w <- w - lr * U}. Its {@link RuleGradientUpdater} runs the rule compiled to one loop.
 *
 * <p>The rule is kept as its token string, so the configuration round-trips through DL4J's JSON
 * ({@code MultiLayerConfiguration.toJson/fromJson}) and {@code ModelSerializer}. Settings: the learning rate or an
 * {@link ISchedule} of it, {@link #totalSteps(long)} T (required when the rule uses ld, cd or rd) and
 * {@link #seed(long)} of the counter-based random numbers (eps, eps_t, drop). State: one slot per parameter for
 * each moving average the rule reads (m, v, gamma): 0 for SGD ({@code g}), 1 for PowerSign, 2 for Adam.
 *
 * <p>Rules that read the weights ({@code 1e-4*w} ...) need {@link RuleWeightsAccess} on the layers in a network.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public class RuleUpdater extends LearningRateConfig {
    private static final long serialVersionUID = 1L;

    public static final double DEFAULT_LEARNING_RATE = 1e-3;

    private static final String SGD_TOKENS = "g 1 id id keep";

    private String rule;
    /** T, the total number of steps; 0 when unset. */
    private long totalSteps;
    private long seed;

    private transient Rule parsed;

    /** For DL4J's JSON and ModelSerializer; the rule defaults to SGD ({@code g}). */
    public RuleUpdater() {
        super(DEFAULT_LEARNING_RATE);
        this.rule = SGD_TOKENS;
    }

    public RuleUpdater(Rule rule, double learningRate) {
        super(learningRate);
        this.rule = Objects.requireNonNull(rule, "rule").tokens();
        this.parsed = rule;
    }

    /** {@code rule} in either textual form (see {@link Rule#parse}). */
    public RuleUpdater(String rule, double learningRate) {
        this(Rule.parse(rule), learningRate);
    }

    public RuleUpdater(Rule rule, ISchedule learningRateSchedule) {
        this(rule, Double.NaN);
        setLearningRateSchedule(Objects.requireNonNull(learningRateSchedule, "learningRateSchedule"));
    }

    /** Sets T, the total number of steps the decays ld, cd and rd count against. */
    public RuleUpdater totalSteps(long totalSteps) {
        if (totalSteps <= 0) {
            throw new IllegalArgumentException("totalSteps must be positive, got " + totalSteps);
        }
        this.totalSteps = totalSteps;
        return this;
    }

    /** Sets the seed of the random numbers of eps, eps_t and drop. */
    public RuleUpdater seed(long seed) {
        this.seed = seed;
        return this;
    }

    public RuleUpdater learningRateSchedule(ISchedule schedule) {
        setLearningRateSchedule(schedule);
        return this;
    }

    public Rule getRule() {
        if (parsed == null) {
            parsed = Rule.parseTokens(rule);
        }
        return parsed;
    }

    /** The rule's token form, as stored. */
    public String getRuleTokens() {
        return rule;
    }

    /** T, or 0 when unset. */
    public long getTotalSteps() {
        return totalSteps;
    }

    public long getSeed() {
        return seed;
    }

    /** State slots per parameter: one per moving average the rule reads (m, v, gamma). */
    int stateSlots() {
        return getRule().stateSlots().size();
    }

    /** Fails with a clear message when the rule uses a decay and {@link #totalSteps(long)} was not set. */
    void checkSettings() {
        if (totalSteps <= 0) {
            for (Operand op : getRule().liveOperands()) {
                switch (op.kind()) {
                    case LD, CD, RD -> throw new IllegalStateException("rule '" + rule + "' uses the decay " + op.token()
                            + ", which needs the total number of steps T: set it with RuleUpdater.totalSteps(T)");
                    default -> { }
                }
            }
        }
    }

    @Override
    public long stateSize(long numParams) {
        return numParams * stateSlots();
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        RuleGradientUpdater u = new RuleGradientUpdater(this);
        if (viewArray != null && viewArray.length() > 0) {
            long slots = stateSlots();
            u.setStateViewArray(viewArray, new long[] {viewArray.length() / Math.max(1, slots)}, 'c', initializeViewArray);
        }
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        RuleGradientUpdater u = new RuleGradientUpdater(this);
        u.setState(updaterState, initializeStateArrays);
        return u;
    }

    @Override
    public RuleUpdater clone() {
        RuleUpdater c = withLearningRateOf(new RuleUpdater(getRule(), getLearningRate()));
        c.totalSteps = totalSteps;
        c.seed = seed;
        return c;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RuleUpdater)) {
            return false;
        }
        RuleUpdater that = (RuleUpdater) o;
        return sameLearningRate(that) && totalSteps == that.totalSteps
                && seed == that.seed && rule.equals(that.rule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rule, learningRateHash(), totalSteps, seed);
    }

    @Override
    public String toString() {
        return "RuleUpdater(rule=" + rule + ", learningRate=" + getLearningRate()
                + (getLearningRateSchedule() != null ? ", schedule=" + getLearningRateSchedule() : "")
                + (totalSteps > 0 ? ", totalSteps=" + totalSteps : "") + ", seed=" + seed + ")";
    }
}
