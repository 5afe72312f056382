package dev.nos.kubernetes;

import dev.nos.child.Preset;
import dev.nos.engine.SearchSettings;
import dev.nos.rule.space.SearchSpace;
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
    void everyPresetOfTheResourceIsOneTheChildKnows() throws Exception {
        for (ChildPreset preset : ChildPreset.values()) {
            OptimizerSearchSpec spec = new OptimizerSearchSpec();
            ChildSpec child = new ChildSpec();
            child.setPreset(preset);
            spec.setChild(child);
            String name = SpecSettings.of(spec).preset();
            assertEquals(name, Preset.byName(name).name(), preset + " reaches the child as " + name);
        }
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
        child.setRefineLearningRate(true);
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
        assertEquals(Boolean.TRUE, s.overrides().refineLearningRate());
        // and a worker applies it: the request's preset refines the rate
        assertTrue(s.overrides().applyTo(dev.nos.child.Preset.PAPER).refineLearningRate());
        assertTrue(!dev.nos.child.Preset.PAPER.refineLearningRate(), "the paper's sweep has no refinement");
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

    @Test
    void aCustomSpaceBecomesTheEnginesTextFormAndRunsAsThatSpace() throws Exception {
        OptimizerSearchSpec spec = new OptimizerSearchSpec();
        CustomSpaceSpec custom = new CustomSpaceSpec();
        custom.setOperands(List.of("g", "sign(m)", "rd(20)"));
        custom.setUnaryFunctions(List.of("id", "exp"));
        custom.setBinaryFunctions(List.of("mul"));
        custom.setGroups(1);
        custom.setConstraints(List.of(CustomSpaceSpec.Constraint.DISTINCT));
        spec.setCustomSpace(custom);
        SearchSettings s = SpecSettings.of(spec);
        assertEquals("operands=g,sign(m),rd(20) unary=id,exp binary=mul groups=1 constraints=distinct", s.space());
        SearchSpace space = SearchSpace.named(s.space());
        assertEquals(3, space.operands().size());
        assertEquals(1, space.groups());

        custom.setConstraints(List.of());
        assertTrue(SpecSettings.of(spec).space().endsWith("constraints=none"), SpecSettings.of(spec).space());
    }

    @Test
    void aBadCustomSpaceIsNamedByItsField() {
        OptimizerSearchSpec spec = new OptimizerSearchSpec();
        CustomSpaceSpec custom = new CustomSpaceSpec();
        custom.setOperands(List.of("g", "momentum"));
        spec.setCustomSpace(custom);
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecSettings.of(spec));
        assertEquals("customSpace.operands", e.field());
        assertTrue(e.getMessage().contains("'momentum'"), e.getMessage());

        custom.setOperands(List.of("g", "sign (m)"));
        assertEquals("customSpace.operands[1]", assertThrows(InvalidSpecException.class,
                () -> SpecSettings.of(spec)).field());

        custom.setOperands(null);
        custom.setBinaryFunctions(List.of("max"));
        assertEquals("customSpace.binaryFunctions", assertThrows(InvalidSpecException.class,
                () -> SpecSettings.of(spec)).field());

        custom.setBinaryFunctions(null);
        spec.setSpace("small:2");
        assertEquals("customSpace", assertThrows(InvalidSpecException.class, () -> SpecSettings.of(spec)).field());
    }

    @Test
    void aDataClaimIsWhereTheWorkersReadTheData() throws Exception {
        OptimizerSearchSpec spec = new OptimizerSearchSpec();
        ChildSpec child = new ChildSpec();
        child.setDataset(Dataset.CIFAR_10);
        child.setDataClaim("cifar-10");
        spec.setChild(child);
        assertEquals(ChildSpec.DEFAULT_DATA_MOUNT, SpecSettings.of(spec).data());
        child.setDataPath("/data/cifar");
        assertEquals("/data/cifar", SpecSettings.of(spec).data());
    }
}
