package dev.nos.kubernetes;

import dev.nos.engine.SearchSettings;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A search's spec becomes the engine's settings with the defaults of {@code nos search}; what cannot run is named. */
class SpecSettingsTest {

    @Test
    void anEmptySpecHasTheDefaultsOfNosSearch() throws Exception {
        assertEquals(SearchSettings.builder().build(), SpecSettings.of(new OptimizerSearchSpec()));
    }

    @Test
    void theQuickExampleIsTheSearchItSays() throws Exception {
        OptimizerSearch search = Serialization.unmarshal(Files.readString(Path.of("../examples/quick-search.yaml")),
                OptimizerSearch.class);
        SearchSettings s = SpecSettings.of(search.getSpec());
        SearchSettings expected = SearchSettings.builder().searcher("ppo").space("small:2").reward("child")
                .preset("quick").dataset("fashion-mnist").trials(20L).workers(3).seed(1L).build();
        assertEquals(expected, s);
    }

    @Test
    void everyFieldReachesTheSettings() throws Exception {
        OptimizerSearchSpec spec = new OptimizerSearchSpec();
        spec.setSearcher(Searcher.REINFORCE);
        spec.setSpace("paper:3");
        spec.setBatchSize(7);
        spec.setControllerLearningRate(2e-4);
        spec.setSeed(9L);
        spec.setSplitSeed(4L);
        spec.setTime("1h30m");
        spec.setParallelism(12);
        spec.setMaxAttempts(5);
        ChildSpec child = new ChildSpec();
        child.setPreset(ChildPreset.PAPER);
        child.setDataset(Dataset.CIFAR_10);
        child.setDataPath("/data/cifar");
        child.setTrainExamples(3000);
        child.setLearningRates(List.of(0.01, 0.1));
        spec.setChild(child);
        SearchSettings s = SpecSettings.of(spec);
        assertEquals("reinforce", s.searcher());
        assertEquals("paper:3", s.space());
        assertEquals(7, s.controller().batchSize());
        assertEquals(2e-4, s.controller().learningRate());
        assertEquals(9, s.seed());
        assertEquals(4, s.splitSeed());
        assertEquals(Duration.ofMinutes(90).toSeconds(), s.maxSeconds());
        assertEquals(0, s.maxTrials(), "a time alone is the whole budget");
        assertEquals(12, s.workers());
        assertEquals(5, s.maxAttempts());
        assertEquals("paper", s.preset());
        assertEquals("cifar-10", s.dataset());
        assertEquals("/data/cifar", s.data());
        assertEquals(3000, s.overrides().trainExamples());
        assertEquals(List.of(0.01, 0.1), s.overrides().learningRates());
    }

    @Test
    void whatTheSchemaCannotCheckIsNamed() {
        OptimizerSearchSpec spec = new OptimizerSearchSpec();
        ChildSpec child = new ChildSpec();
        child.setLearningRates(List.of(0.1, -1.0));
        spec.setChild(child);
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecSettings.of(spec));
        assertEquals("child.learningRates", e.field());
        assertTrue(e.getMessage().startsWith("spec.child.learningRates: every learning rate must be a positive number"),
                e.getMessage());

        OptimizerSearchSpec empty = new OptimizerSearchSpec();
        empty.setTime("");
        InvalidSpecException t = assertThrows(InvalidSpecException.class, () -> SpecSettings.of(empty));
        assertEquals("time", t.field());
    }
}
