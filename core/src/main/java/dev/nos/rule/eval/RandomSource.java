package dev.nos.rule.eval;

/**
 * Random numbers for the random parts of a rule, asked for per expression node: {@code eps} and {@code eps_t}
 * leaves ask {@link #gaussian}, {@code drop} nodes ask {@link #uniform}. The node is passed so that a source may
 * key its draws by node (see {@code Fingerprint}); the {@link ScalarEvaluator} asks once per node per element.
 */
public interface RandomSource {
    /** A uniform number in [0, 1) for the given node. */
    double uniform(Object node);

    /** A standard normal number (mean 0, variance 1) for the given node. */
    double gaussian(Object node);

    /** A source backed by {@link java.util.Random}: draws in the order they are asked for. */
    static RandomSource of(java.util.Random random) {
        return new RandomSource() {
            @Override
            public double uniform(Object node) {
                return random.nextDouble();
            }

            @Override
            public double gaussian(Object node) {
                return random.nextGaussian();
            }
        };
    }

    /** A source for rules that draw nothing: fails when asked, naming the node. */
    RandomSource NONE = new RandomSource() {
        @Override
        public double uniform(Object node) {
            throw new IllegalStateException("no random source given, but the rule draws a uniform number at " + node);
        }

        @Override
        public double gaussian(Object node) {
            throw new IllegalStateException("no random source given, but the rule draws a gaussian number at " + node);
        }
    };
}
