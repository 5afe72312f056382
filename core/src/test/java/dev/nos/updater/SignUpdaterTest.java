package dev.nos.updater;

import dev.nos.rule.Rule;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * The PowerSign and AddSign configurations (TensorFlow's parameters) give the same updates as their rule-language forms
 * over the decay steps T. Past T they part on purpose: the sign decays cap t at T as TensorFlow's do, while the rule
 * language's {@code rd_n} (the paper's formula, T = the run's length) keeps cycling.
 */
class SignUpdaterTest {
    static final long T = 8;

    static Stream<Arguments> cases() {
        String sg = "sign(g) sign(m) id id mul";
        return Stream.of(
                Arguments.of(new PowerSign(0.1), sg + " #0 g exp id mul", T),
                Arguments.of(new PowerSign(0.1, Math.E, 0.9, SignDecay.linear(T)),
                        "ld sign(g) id id mul #0 sign(m) id id mul #1 g exp id mul", T),
                Arguments.of(new PowerSign(0.1, Math.E, 0.9, SignDecay.cosine(T)),
                        "cd sign(g) id id mul #0 sign(m) id id mul #1 g exp id mul", T),
                Arguments.of(new PowerSign(0.1, Math.E, 0.9, SignDecay.restart(T, 2)),
                        "rd(2) sign(g) id id mul #0 sign(m) id id mul #1 g exp id mul", T),
                Arguments.of(new PowerSign(0.1, 2.0, 0.9, SignDecay.none()), sg + " 2 #0 id id pow #1 g id id mul", 3 * T),
                Arguments.of(new AddSign(0.1), sg + " 1 #0 id id add #1 g id id mul", T),
                Arguments.of(new AddSign(0.1, 1.0, 0.9, SignDecay.linear(T)),
                        "ld sign(g) id id mul #0 sign(m) id id mul 1 #1 id id add #2 g id id mul", T),
                Arguments.of(new AddSign(0.1, 1.0, 0.9, SignDecay.cosine(T)),
                        "cd sign(g) id id mul #0 sign(m) id id mul 1 #1 id id add #2 g id id mul", T),
                Arguments.of(new AddSign(0.1, 1.0, 0.9, SignDecay.restart(T)),
                        "rd(1) sign(g) id id mul #0 sign(m) id id mul 1 #1 id id add #2 g id id mul", T),
                Arguments.of(new PowerSign(0.1).learningRateSchedule(new ExponentialSchedule(ScheduleType.ITERATION, 0.1, 0.9)),
                        sg + " #0 g exp id mul", T));
    }

    /**
     * From t = T on the restart decay stays at 1 (TensorFlow's cap), so PowerSign and AddSign with it update exactly
     * as without a decay; before T they do not. Uncapped, f(T + T/2) would be 0.5 and the updates would differ.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("restartAndPlain")
    void restartDecayActsAsNoDecayFromTheDecayStepsOn(IUpdater restart, IUpdater plain) {
        int n = 1000;
        GradientUpdater r = restart.instantiate(Arrays2.view(DataType.DOUBLE, 3, restart.stateSize(n)), true);
        GradientUpdater p = plain.instantiate(Arrays2.view(DataType.DOUBLE, 7, plain.stateSize(n)), true);
        Random rnd = new Random(3);
        boolean differedBeforeT = false;
        for (int t = 0; t < 3 * T; t++) {
            double[] g = Arrays2.gradient(rnd, n, false);
            INDArray gr = Arrays2.view(DataType.DOUBLE, 5, n);
            INDArray gp = Arrays2.view(DataType.DOUBLE, 9, n);
            Arrays2.set(gr, g);
            Arrays2.set(gp, g);
            r.applyUpdater(gr, t, 0);
            p.applyUpdater(gp, t, 0);
            double[] ur = Arrays2.get(gr);
            double[] up = Arrays2.get(gp);
            if (t >= T) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(up, ur, restart + " t=" + t);
            } else if (!java.util.Arrays.equals(up, ur)) {
                differedBeforeT = true;
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(differedBeforeT, restart + " decayed nothing before T");
    }

    static Stream<Arguments> restartAndPlain() {
        return Stream.of(
                Arguments.of(new PowerSign(0.1, Math.E, 0.9, SignDecay.restart(T)), new PowerSign(0.1)),
                Arguments.of(new PowerSign(0.1, Math.E, 0.9, SignDecay.restart(T, 2)), new PowerSign(0.1)),
                Arguments.of(new AddSign(0.1, 1.0, 0.9, SignDecay.restart(T)), new AddSign(0.1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void handKernelEqualsRuleForm(IUpdater hand, String ruleTokens, long steps) {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (int n : new int[] {1000, 70_001}) {
                RuleUpdater rule = new RuleUpdater(Rule.parseTokens(ruleTokens), 0.1).totalSteps(T);
                if (hand instanceof PowerSign && ((PowerSign) hand).getLearningRateSchedule() != null) {
                    rule.learningRateSchedule(((PowerSign) hand).getLearningRateSchedule());
                }
                org.junit.jupiter.api.Assertions.assertEquals(hand.stateSize(n), rule.stateSize(n));
                GradientUpdater h = hand.instantiate(Arrays2.view(type, 11, hand.stateSize(n)), true);
                GradientUpdater r = rule.instantiate(Arrays2.view(type, 3, rule.stateSize(n)), true);
                Random rnd = new Random(n + steps);
                for (int t = 0; t < steps; t++) {
                    double[] g = Arrays2.gradient(rnd, n, type == DataType.FLOAT);
                    INDArray gh = Arrays2.view(type, 5, n);
                    INDArray gr = Arrays2.view(type, 9, n);
                    Arrays2.set(gh, g);
                    Arrays2.set(gr, g);
                    h.applyUpdater(gh, t, 0);
                    r.applyUpdater(gr, t, 0);
                    // the decays are computed in different orders ((T - t)/T against 1 - t/T): a few double ulps,
                    // at most one float ulp after rounding
                    Arrays2.assertClose(Arrays2.get(gr), Arrays2.get(gh), type == DataType.FLOAT ? 0x1p-22 : 1e-13,
                            hand + " " + type + " n=" + n + " t=" + t);
                }
            }
        }
    }
}
