package dev.nos.updater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nos.rule.Rule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.schedule.ISchedule;

/** Rule updaters inside a real MultiLayerNetwork: agreement with DL4J's Adam and RmsProp, save/load, weights. */
class RuleUpdaterNetworkTest {
    static final int STEPS = 30;

    /**
     * Rule-language Adam against DL4J's Adam. With the same m and v, DL4J's update is
     * lr sqrt(bc2)/bc1 * m / (sqrt(v) + eps) and ours lr * (m/bc1) / (sqrt(v/bc2) + eps)
     * = lr sqrt(bc2)/bc1 * m / (sqrt(v) + eps sqrt(bc2)): they differ only in where epsilon = 1e-8 sits, a relative
     * difference of at most eps / sqrt(v) per update. With gradients of order 1e-2..1 here sqrt(v) >~ 1e-4 and the
     * relative difference per step is below ~1e-4; over 30 steps of size <= lr the parameters may then differ by
     * 30 * lr * 1e-4 = 3e-7 (lr = 1e-3... here 1e-2: 3e-5 at most) while they move by ~lr per step. We require the
     * difference to be below 1e-3 of the total parameter movement, and well above double noise so the test is
     * meaningful: a wrong bias correction or a missing step moves the parameters by a sizeable fraction.
     */
    @Test
    void ruleAdamMatchesDl4jAdam() {
        double lr = 1e-2;
        compare(new Adam(lr, 0.9, 0.999, 1e-8), new RuleUpdater("adam 1 id id keep", lr), false);
    }

    /**
     * DL4J's RmsProp(lr, decay 0.999, eps) keeps s = 0.999 s + 0.001 g^2 from s0 = eps and updates by
     * lr_t g / (sqrt(s) + eps) (no bias correction; checked against its bytecode and one hand step). With
     * lr_t = lr sqrt(1 - 0.999^(t+1)) that is lr g / (sqrt(s/bc2) + eps/sqrt(bc2)), our rmsprop up to epsilon's
     * placement and s0 = eps instead of 0. s0 = 1e-8 is not negligible next to 0.001 g^2 for small gradients
     * (measured: 1.6e-4 relative on the first step, 3% of the movement after 30 steps), so the test zeroes DL4J's
     * state after init; then only epsilon's placement differs and the Adam tolerance argument applies.
     */
    @Test
    void ruleRmsPropMatchesDl4jRmsPropWithBiasCorrectingSchedule() {
        double lr = 1e-2;
        RmsProp dl4j = new RmsProp(lr, 0.999, 1e-8);
        dl4j.setLearningRateSchedule(new BiasCorrectedLr(lr));
        compare(dl4j, new RuleUpdater("rmsprop 1 id id keep", lr), true);
    }

    private static void compare(IUpdater theirs, RuleUpdater ours, boolean zeroTheirState) {
        DataSet d = Nets.data();
        MultiLayerNetwork a = Nets.net(theirs);
        if (zeroTheirState) {
            a.getUpdater().getStateViewArray().assign(0);
        }
        MultiLayerNetwork b = Nets.net(ours);
        INDArray start = a.params().dup();
        assertEquals(0.0, Nets.maxAbsDiff(start, b.params()), "same initial parameters");
        for (int i = 0; i < STEPS; i++) {
            a.fit(d);
            b.fit(d);
        }
        double moved = Nets.maxAbsDiff(a.params(), start);
        double diff = Nets.maxAbsDiff(a.params(), b.params());
        assertTrue(moved > 1e-2, "parameters moved " + moved);
        assertTrue(diff < 1e-3 * moved, "difference " + diff + " vs movement " + moved);
    }

    /** lr * sqrt(1 - 0.999^(t+1)): turns DL4J's RmsProp into a bias-corrected one. */
    static final class BiasCorrectedLr implements ISchedule {
        private final double lr;

        BiasCorrectedLr(double lr) {
            this.lr = lr;
        }

        @Override
        public double valueAt(int iteration, int epoch) {
            return lr * Math.sqrt(1 - Math.pow(0.999, iteration + 1));
        }

        @Override
        public ISchedule clone() {
            return new BiasCorrectedLr(lr);
        }
    }

    static Stream<IUpdater> saveLoadUpdaters() {
        return Stream.of(
                new RuleUpdater("adam 1 id id keep", 1e-2),
                new RuleUpdater("g gamma id id div #0 ld id id mul", 1e-3).totalSteps(100),
                new RuleUpdater("g eps id id add #0 sign(m) drop(0.3) id mul", 1e-2).seed(99),
                new PowerSign(1e-2, Math.E, 0.9, SignDecay.cosine(50)),
                new AddSign(1e-2, 1.0, 0.9, SignDecay.restart(10, 2)));
    }

    @ParameterizedTest
    @MethodSource("saveLoadUpdaters")
    void saveAndLoadMidTrainingContinuesIdentically(IUpdater updater) throws Exception {
        DataSet d = Nets.data();
        MultiLayerNetwork twin = Nets.net(updater);
        for (int i = 0; i < 7; i++) {
            twin.fit(d);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(twin, bytes, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()), true);
        assertEquals(updater, ((org.deeplearning4j.nn.conf.layers.BaseLayer) restored.getLayerWiseConfigurations()
                .getConf(0).getLayer()).getIUpdater());
        INDArray before = twin.params().dup();
        for (int i = 0; i < 7; i++) {
            twin.fit(d);
            restored.fit(d);
        }
        assertTrue(Nets.maxAbsDiff(before, twin.params()) > 0, "training moved the parameters");
        assertEquals(twin.params(), restored.params(), "restored model continues exactly as its unsaved twin");
        assertEquals(twin.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
    }

    @Test
    void weightRuleReadsTheWeightsThroughTheRegularizationHook() {
        DataSet d = Nets.data();
        double lr = 0.05;
        MultiLayerNetwork sgd = Nets.net(new RuleUpdater("g 1 id id keep", lr));
        MultiLayerNetwork decay = Nets.net(new RuleUpdater("g 1e-1*w id id add", lr), List.of(new RuleWeightsAccess()));
        INDArray p0 = sgd.params().dup();
        assertEquals(p0, decay.params());
        sgd.fit(d);
        decay.fit(d);
        // p_sgd = p0 - lr g  and  p_decay = p0 - lr (g + 0.1 p0) = p_sgd - lr 0.1 p0
        INDArray expected = sgd.params().sub(p0.mul(lr * 0.1));
        assertTrue(Nets.maxAbsDiff(expected, decay.params()) < 1e-12, "weight decay from the rule");
        assertTrue(Nets.maxAbsDiff(sgd.params(), decay.params()) > 1e-4, "the weights term changed the update");
        // and the regularization alone changes nothing
        MultiLayerNetwork sgdWithHook = Nets.net(new RuleUpdater("g 1 id id keep", lr), List.of(new RuleWeightsAccess()));
        sgdWithHook.fit(d);
        assertEquals(sgd.params(), sgdWithHook.params());
    }

    @Test
    void weightRuleWithoutTheHookFailsClearly() {
        MultiLayerNetwork net = Nets.net(new RuleUpdater("g 1e-4*w id id add", 0.1));
        RuntimeException e = assertThrows(RuntimeException.class, () -> net.fit(Nets.data()));
        assertTrue(String.valueOf(e.getMessage()).contains("RuleWeightsAccess"), e.getMessage());
    }

    @Test
    void sgdRuleHasNoStateInANetwork() {
        MultiLayerNetwork net = Nets.net(new RuleUpdater("g 1 id id keep", 0.1));
        net.fit(Nets.data());
        INDArray state = net.getUpdater().getStateViewArray();
        assertTrue(state == null || state.length() == 0);
    }

    @Test
    void decayWithoutTotalStepsFailsNamingOperandAndSetting() {
        RuleUpdater u = new RuleUpdater(Rule.parseTokens("g cd(2) id id mul"), 0.1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> u.instantiate((INDArray) null, true));
        assertTrue(e.getMessage().contains("cd(2)") && e.getMessage().contains("totalSteps"), e.getMessage());
    }
}
