package dev.nos.policy;

/**
 * Adam over one flat parameter vector, in plain Java: the paper's (TensorFlow's) Adam, and the same arithmetic as
 * ND4J's {@code Adam} updater that the controller used before (so its checkpoints carry over): after step t
 * (counting from 1) {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2}, and the parameters move by
 * {@code lr sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + epsilon)}, epsilon added outside the square root and not
 * bias-corrected. Beta1 0.9, beta2 0.999, epsilon 1e-8.
 */
final class FlatAdam {
    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;

    private final double[] m;
    private final double[] v;
    private double learningRate;
    private long steps;

    FlatAdam(int size, double learningRate) {
        this.m = new double[size];
        this.v = new double[size];
        this.learningRate = learningRate;
    }

    /** One step: {@code params -= update(gradient)}. */
    void step(double[] params, double[] gradient) {
        steps++;
        double alpha = learningRate * Math.sqrt(1 - Math.pow(BETA2, steps)) / (1 - Math.pow(BETA1, steps));
        for (int i = 0; i < params.length; i++) {
            double g = gradient[i];
            double mi = BETA1 * m[i] + (1 - BETA1) * g;
            double vi = BETA2 * v[i] + (1 - BETA2) * g * g;
            m[i] = mi;
            v[i] = vi;
            params[i] -= alpha * mi / (Math.sqrt(vi) + EPSILON);
        }
    }

    double learningRate() {
        return learningRate;
    }

    void setLearningRate(double lr) {
        this.learningRate = lr;
    }

    long steps() {
        return steps;
    }

    void setSteps(long s) {
        this.steps = s;
    }

    /** The first moments (live). */
    double[] firstMoments() {
        return m;
    }

    /** The second moments (live). */
    double[] secondMoments() {
        return v;
    }
}
