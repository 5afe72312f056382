package dev.nos.policy;

/**
 * How the LSTM controller turns rewards into a loss, and so which searcher it is: its {@link #searcherName()} (the
 * name {@link Searchers#create} takes and a checkpoint records), how many gradient steps {@link #passes} it takes
 * on each batch, and its objective term of the loss with that term's derivative by each rule's log-probability
 * ({@link #objective}, {@link #objectiveGradient}). The loss of a batch of B rules is
 * {@code -objective - entropyWeight * mean_b H_b} ({@link LstmPolicy#loss}).
 */
public enum PolicyObjective {
    /**
     * Proximal policy optimisation: maximise mean(min(r A, clip(r, 1-eps, 1+eps) A)) with r = p_new(rule) / p_old(rule),
     * the ratio of the whole rule's probability under the current policy to its probability when sampled;
     * {@link ControllerSettings#ppoEpochs()} passes over each batch. The paper's searcher.
     */
    PPO("ppo") {
        @Override
        public int passes(ControllerSettings settings) {
            return settings.ppoEpochs();
        }

        /*
         * min(r A, clip(r, 1-eps, 1+eps) A) = A+ min(r, 1+eps) + A- max(r, 1-eps), with A+ = max(A, 0), A- = min(A, 0):
         * the same function, and its derivative is one-sided (the former SameDiff graph needed this form because its
         * min passed the whole gradient to both arguments when they tied). d/dlogp = r (A+ [r < 1+eps] + A- [r > 1-eps]).
         */
        @Override
        double objective(double[] logp, double[] advantages, double[] oldLogp, double clip) {
            double sum = 0;
            for (int b = 0; b < logp.length; b++) {
                double r = Math.exp(logp[b] - oldLogp[b]);
                double a = advantages[b];
                sum += Math.max(a, 0) * Math.min(r, 1 + clip) + Math.min(a, 0) * Math.max(r, 1 - clip);
            }
            return sum / logp.length;
        }

        @Override
        double[] objectiveGradient(double[] logp, double[] advantages, double[] oldLogp, double clip) {
            double[] d = new double[logp.length];
            for (int b = 0; b < logp.length; b++) {
                double r = Math.exp(logp[b] - oldLogp[b]);
                double a = advantages[b];
                double slope = (r < 1 + clip ? Math.max(a, 0) : 0) + (r > 1 - clip ? Math.min(a, 0) : 0);
                d[b] = r * slope / logp.length;
            }
            return d;
        }
    },
    /** REINFORCE: maximise mean(A log p(rule)), one step per batch. */
    REINFORCE("reinforce") {
        @Override
        public int passes(ControllerSettings settings) {
            return 1;
        }

        @Override
        double objective(double[] logp, double[] advantages, double[] oldLogp, double clip) {
            double sum = 0;
            for (int b = 0; b < logp.length; b++) {
                sum += logp[b] * advantages[b];
            }
            return sum / logp.length;
        }

        @Override
        double[] objectiveGradient(double[] logp, double[] advantages, double[] oldLogp, double clip) {
            double[] d = new double[logp.length];
            for (int b = 0; b < logp.length; b++) {
                d[b] = advantages[b] / logp.length;
            }
            return d;
        }
    };

    private final String searcherName;

    PolicyObjective(String searcherName) {
        this.searcherName = searcherName;
    }

    /** {@code ppo} or {@code reinforce}. */
    public String searcherName() {
        return searcherName;
    }

    /** How many gradient steps a batch gets. */
    public abstract int passes(ControllerSettings settings);

    /**
     * The objective term (to be maximised) of a batch: its rules' log-probabilities now, their advantages, their
     * log-probabilities when sampled (PPO's ratio; REINFORCE ignores them) and PPO's clip range.
     */
    abstract double objective(double[] logp, double[] advantages, double[] oldLogp, double clip);

    /** The derivative of {@link #objective} by each rule's log-probability. */
    abstract double[] objectiveGradient(double[] logp, double[] advantages, double[] oldLogp, double clip);
}
