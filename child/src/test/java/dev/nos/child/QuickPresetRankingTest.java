package dev.nos.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nos.data.DataSplit;
import dev.nos.data.DatasetSpec;
import dev.nos.data.ImageDataset;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The quick preset on real Fashion-MNIST (Debian's dataset-fashion-mnist) ranks known good optimizers
 * above a known bad one: gradient ascent ({@code -g}, here SGD with a negated learning rate).
 */
class QuickPresetRankingTest {
    @Test
    void goodOptimizersBeatGradientAscent() throws Exception {
        Path debian = Path.of("/usr/share/datasets/fashion-mnist");
        assumeTrue(DatasetSpec.FASHION_MNIST.isCompleteIn(debian), "dataset-fashion-mnist not installed");
        ImageDataset ds = DatasetSpec.FASHION_MNIST.load(debian);
        Preset quick = Preset.QUICK;
        DataSplit split = DataSplit.of(ds.train(), quick.validationSize(), quick.trainExamples(), 1);
        RewardEvaluator ev = new RewardEvaluator(quick, split, null);

        TrialRecord adam = ev.evaluate("Adam", null, (lr, t) -> new Adam(lr), 1);
        TrialRecord sgd = ev.evaluate("SGD", null, (lr, t) -> new Sgd(lr), 1);
        TrialRecord ascent = ev.evaluate("-g", null, (lr, t) -> new Sgd(-lr), 1);

        assertEquals(TrialStatus.OK, adam.status(), adam.error());
        assertEquals(TrialStatus.OK, sgd.status(), sgd.error());
        assertTrue(adam.reward() > 0.7, "Adam " + adam);
        assertTrue(sgd.reward() > 0.7, "SGD " + sgd);
        assertTrue(ascent.reward() < 0.3, "gradient ascent " + ascent);
        assertTrue(Math.min(adam.reward(), sgd.reward()) > ascent.reward() + 0.4);
    }
}
