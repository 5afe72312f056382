package dev.nos.child;

import dev.nos.trial.TrialStatus;
import dev.nos.trial.TrialRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Sgd;

class RewardEvaluatorTest {
    private static final Preset TINY = new Preset("tiny", 400, List.of(1e-6, 0.1), 1, 2, 200, 50, ChildKind.SMALL);

    private static RewardEvaluator evaluator(Preset p) {
        return new RewardEvaluator(p, Synthetic.split(), null);
    }

    @Test
    void picksTheRateThatIsReallyBest() {
        TrialRecord r = evaluator(TINY).evaluate("SGD", null, (lr, t) -> new Sgd(lr), 1);
        assertEquals(TrialStatus.OK, r.status(), r.error());
        Map<String, Double> acc = r.accuracyPerLearningRate();
        assertEquals(2, acc.size());
        String argmax = Collections.max(acc.entrySet(), Map.Entry.comparingByValue()).getKey();
        assertEquals("0.1", argmax, "sweep accuracies " + acc);
        assertTrue(acc.get("0.1") > acc.get("1e-6") + 0.2, "0.1 should learn clearly better: " + acc);
        assertEquals(0.1, r.bestLearningRate());
        assertEquals(2, r.validationAccuracyPerEpoch().size());
        assertEquals(r.validationAccuracyPerEpoch().get(1), r.reward());
        assertTrue(r.reward() > 0.6, "reward " + r.reward());
    }

    @Test
    void refinementTriesRatesBetweenTheGridsPointsAndIsDeterministic() {
        Preset p = TINY.withLearningRates(List.of(1e-3, 1e-2, 1e-1)).withRefinement(true);
        assertEquals(6, p.runsPerTrial());
        TrialRecord r = evaluator(p).evaluate("SGD", null, (lr, t) -> new Sgd(lr), 1);
        assertEquals(TrialStatus.OK, r.status(), r.error());
        Map<String, Double> acc = r.accuracyPerLearningRate();
        assertTrue(acc.size() > 3 && acc.size() <= 5, "the grid and up to two refined rates: " + acc);
        double best = Collections.max(acc.values());
        assertEquals(best, acc.get(dev.nos.rule.Numbers.format(r.bestLearningRate())), "the best of all: " + acc);
        TrialRecord again = evaluator(p).evaluate("SGD", null, (lr, t) -> new Sgd(lr), 1);
        assertEquals(r.reward(), again.reward());
        assertEquals(acc, again.accuracyPerLearningRate());
        TrialRecord plain = evaluator(p.withRefinement(false)).evaluate("SGD", null, (lr, t) -> new Sgd(lr), 1);
        assertEquals(3, plain.accuracyPerLearningRate().size());
    }

    @Test
    void divergingRateScoresChanceAndTheSweepGoesOn() {
        Preset p = TINY.withLearningRates(List.of(1e6, 0.1));
        TrialRecord r = evaluator(p).evaluate("SGD", null, (lr, t) -> new Sgd(lr), 1);
        assertEquals(TrialStatus.OK, r.status(), r.error());
        assertEquals(0.25, r.accuracyPerLearningRate().get("1000000"));
        assertEquals(0.1, r.bestLearningRate());
        assertTrue(r.reward() > 0.6);
    }

    @Test
    void everyRateDivergingGivesRewardZeroAndStatusDiverged() {
        Preset p = TINY.withLearningRates(List.of(1e6, 1e8));
        TrialRecord r = evaluator(p).evaluate("SGD", null, (lr, t) -> new Sgd(lr), 1);
        assertEquals(TrialStatus.DIVERGED, r.status());
        assertEquals(0.0, r.reward());
        assertNull(r.bestLearningRate());
        assertEquals(2, r.accuracyPerLearningRate().size());
        assertTrue(r.error().contains("every learning rate diverged"), r.error());
    }

    /** An updater that breaks inside training, as a buggy rule might. */
    static final class BrokenUpdater extends Sgd {
        BrokenUpdater(double lr) {
            super(lr);
        }

        @Override
        public Sgd clone() {
            return new BrokenUpdater(getLearningRate());
        }

        @Override
        public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
            throw new IllegalStateException("rule evaluation broke: shape mismatch");
        }
    }

    @Test
    void anExceptionBecomesFailedNeverACrash() {
        TrialRecord r = evaluator(TINY).evaluate("broken", null, (lr, t) -> new BrokenUpdater(lr), 1);
        assertEquals(TrialStatus.FAILED, r.status());
        assertEquals(0.0, r.reward());
        assertTrue(r.error().contains("rule evaluation broke: shape mismatch"), r.error());
    }

    @Test
    void sameSeedSameReward() {
        RewardEvaluator ev = evaluator(TINY);
        TrialRecord a = ev.evaluate("SGD", null, (lr, t) -> new Sgd(lr), 5);
        TrialRecord b = ev.evaluate("SGD", null, (lr, t) -> new Sgd(lr), 5);
        assertEquals(a.reward(), b.reward());
        assertEquals(a.accuracyPerLearningRate(), b.accuracyPerLearningRate());
        assertEquals(a.validationAccuracyPerEpoch(), b.validationAccuracyPerEpoch());
    }

    @Test
    void recordRoundTripsThroughJson() throws Exception {
        TrialRecord r = evaluator(TINY).evaluate("SGD", null, (lr, t) -> new Sgd(lr), 1);
        ObjectMapper om = new ObjectMapper();
        String json = om.writeValueAsString(r);
        assertTrue(json.contains("\"status\":\"OK\""), json);
        TrialRecord back = om.readValue(json, TrialRecord.class);
        assertEquals(r.copyWithoutTime(), back.copyWithoutTime());
        assertNotNull(back.accuracyPerLearningRate());
    }

    @Test
    void gradientAscentRuleWithLargeRatesDiverges() {
        Preset p = TINY.withLearningRates(List.of(10.0, 100.0));
        Candidate c = Candidate.parse("-g", 1);
        TrialRecord r = evaluator(p).evaluate(c.rule(), c.factory(), 1);
        assertEquals(TrialStatus.DIVERGED, r.status(), String.valueOf(r));
        assertEquals(0.0, r.reward());
        assertEquals("-g", r.ruleInfix());
        assertNotNull(r.ruleTokens());
    }

    @Test
    void rulesReadingWeightsAndNoiseTrainAndRepeatExactly() {
        Candidate c = Candidate.parse("g + 1e-3*w + eps", 9);
        TrialRecord a = evaluator(TINY).evaluate(c.rule(), c.factory(), 9);
        TrialRecord b = evaluator(TINY).evaluate(c.rule(), Candidate.parse("g + 1e-3*w + eps", 9).factory(), 9);
        assertEquals(TrialStatus.OK, a.status(), a.error());
        assertTrue(a.reward() > 0.6, String.valueOf(a));
        assertEquals(a.copyWithoutTime(), b.copyWithoutTime());
    }

    @Test
    void powerSignBaselineAndItsRuleFormAgree() {
        TrialRecord fused = evaluator(TINY).evaluate("PowerSign", null, Baselines.byName("PowerSign"), 1);
        Candidate rule = Candidate.parse("exp(sign(g) * sign(m)) * g", 1);
        TrialRecord viaRule = evaluator(TINY).evaluate(rule.rule(), rule.factory(), 1);
        assertEquals(TrialStatus.OK, fused.status(), fused.error());
        assertEquals(fused.bestLearningRate(), viaRule.bestLearningRate());
        assertEquals(fused.reward(), viaRule.reward(), 0.02);
    }
}
