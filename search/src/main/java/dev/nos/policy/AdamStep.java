package dev.nos.policy;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (beta1 0.9, beta2 0.999, epsilon 1e-8) applied in place to the controller's parameter arrays, with its moments
 * kept by parameter name so that a checkpoint can save and restore them.
 */
final class AdamStep {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final double learningRate;
    private final Map<String, INDArray> m = new LinkedHashMap<>();
    private final Map<String, INDArray> v = new LinkedHashMap<>();
    private long steps;

    AdamStep(double learningRate) {
        this.learningRate = learningRate;
    }

    /** params[name] -= lr * mhat / (sqrt(vhat) + eps), for every gradient given. */
    void apply(Map<String, INDArray> params, Map<String, INDArray> grads) {
        steps++;
        double alpha = learningRate * Math.sqrt(1 - Math.pow(BETA2, steps)) / (1 - Math.pow(BETA1, steps));
        for (Map.Entry<String, INDArray> e : grads.entrySet()) {
            String name = e.getKey();
            INDArray g = e.getValue();
            INDArray p = params.get(name);
            INDArray mi = m.computeIfAbsent(name, k -> Nd4j.zeros(p.dataType(), p.shape()));
            INDArray vi = v.computeIfAbsent(name, k -> Nd4j.zeros(p.dataType(), p.shape()));
            mi.muli(BETA1).addi(g.mul(1 - BETA1));
            vi.muli(BETA2).addi(g.mul(g).muli(1 - BETA2));
            INDArray denom = Transforms.sqrt(vi, true).addi(EPSILON);
            p.subi(mi.div(denom).muli(alpha));
        }
    }

    long steps() {
        return steps;
    }

    /** Adds {@code adam_m/NAME} and {@code adam_v/NAME} arrays to {@code out}. */
    void saveTo(Map<String, double[]> out) {
        for (String name : m.keySet()) {
            out.put("adam_m/" + name, m.get(name).dup('c').data().asDouble());
            out.put("adam_v/" + name, v.get(name).dup('c').data().asDouble());
        }
    }

    void restore(long steps, Map<String, double[]> arrays, Map<String, INDArray> params) {
        this.steps = steps;
        m.clear();
        v.clear();
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            double[] mm = arrays.get("adam_m/" + e.getKey());
            double[] vv = arrays.get("adam_v/" + e.getKey());
            if (mm != null && vv != null) {
                m.put(e.getKey(), Nd4j.create(mm, e.getValue().shape(), e.getValue().dataType()));
                v.put(e.getKey(), Nd4j.create(vv, e.getValue().shape(), e.getValue().dataType()));
            }
        }
    }
}
