package dev.nos.policy;

/**
 * How the LSTM controller turns rewards into a loss, and so which searcher it is: its {@link #searcherName()} (the
 * name {@link Searchers#create} takes and a checkpoint records) and how many gradient steps {@link #passes} it takes
 * on each batch.
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
    },
    /** REINFORCE: maximise mean(A log p(rule)), one step per batch. */
    REINFORCE("reinforce") {
        @Override
        public int passes(ControllerSettings settings) {
            return 1;
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
}
