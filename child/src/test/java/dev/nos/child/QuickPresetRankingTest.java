package dev.nos.child;

import dev.nos.trial.TrialStatus;
import dev.nos.trial.TrialRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nos.data.DataSplit;
import dev.nos.data.DatasetSpec;
import dev.nos.data.ImageDataset;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;


/**
 * The quick preset on real Fashion-MNIST (Debian's dataset-fashion-mnist) ranks known good optimizers
 * (Adam, SGD, PowerSign) above known bad ones: gradient ascent ({@code -g}) and {@code exp(g)}.
 */
class QuickPresetRankingTest {
    @Test
    void goodOptimizersBeatGradientAscent() throws Exception {
        Path debian = Path.of("/usr/share/datasets/fashion-mnist");
        // fails, never skips, without the data (.ci/run installs it)
        assertTrue(DatasetSpec.FASHION_MNIST.isCompleteIn(debian),
                "this test trains on the real Fashion-MNIST, missing from " + debian + ": "
                        + DatasetSpec.FASHION_MNIST.installHint());
        ImageDataset ds = DatasetSpec.FASHION_MNIST.load(debian);
        Preset quick = Preset.QUICK;
        DataSplit split = DataSplit.of(ds.train(), quick.validationSize(), quick.trainExamples(), 1);
        RewardEvaluator ev = new RewardEvaluator(quick, split, null);

        TrialRecord adam = ev.evaluate("Adam", null, (lr, t) -> new Adam(lr), 1);
        TrialRecord sgd = ev.evaluate("SGD", null, (lr, t) -> new Sgd(lr), 1);
        TrialRecord powerSign = ev.evaluate("PowerSign", null, Baselines.byName("PowerSign"), 1);
        Candidate minusG = Candidate.parse("-g", 1);
        TrialRecord ascent = ev.evaluate(minusG.rule(), minusG.factory(), 1);
        Candidate expG = Candidate.parse("exp(g)", 1);
        TrialRecord exp = ev.evaluate(expG.rule(), expG.factory(), 1);

        assertEquals(TrialStatus.OK, adam.status(), adam.error());
        assertEquals(TrialStatus.OK, sgd.status(), sgd.error());
        assertTrue(adam.reward() > 0.7, "Adam " + adam);
        assertTrue(sgd.reward() > 0.7, "SGD " + sgd);
        assertEquals(TrialStatus.OK, powerSign.status(), powerSign.error());
        assertTrue(powerSign.reward() > 0.7, "PowerSign " + powerSign);
        assertTrue(ascent.reward() < 0.3, "gradient ascent " + ascent);
        assertTrue(exp.reward() < 0.3, "exp(g) " + exp);
        double worstGood = Math.min(Math.min(adam.reward(), sgd.reward()), powerSign.reward());
        assertTrue(worstGood > Math.max(ascent.reward(), exp.reward()) + 0.4);
        System.out.printf("quick preset rewards: Adam %.4f, SGD %.4f, PowerSign %.4f, -g %.4f (%s), exp(g) %.4f (%s)%n",
                adam.reward(), sgd.reward(), powerSign.reward(), ascent.reward(), ascent.status(), exp.reward(),
                exp.status());
    }
}
