package dev.nos.engine;

import dev.nos.policy.ControllerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Settings written before the controller kept exploring read back as the paper's sampling they ran with. */
class FolderStoreSettingsTest {

    @Test
    void settingsWithoutARepeatTargetAreThePapersSampling(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(FolderStore.SETTINGS), """
                {"searcher":"ppo","space":"small:2","controller":{"hidden":150,"initScale":0.08,"learningRate":0.001,
                "entropyWeight":0.0015,"batchSize":5,"clipRange":0.2,"ppoEpochs":4,"baselineDecay":0.95},
                "workers":1,"maxTrials":150,"maxSeconds":0,"seed":1,"splitSeed":0,"maxAttempts":3,
                "reward":"child","preset":"quick","dataset":"fashion-mnist","budgetCounts":"trained"}
                """);
        try (FolderStore store = FolderStore.open(dir)) {
            SearchSettings s = store.readSettings();
            assertEquals(ControllerSettings.paper().withLearningRate(1e-3), s.controller());
            assertEquals(1.0, s.controller().repeatTarget());
            assertFalse(s.controller().distinctInBatch());
            assertFalse(s.controller().redrawTried());
            assertEquals("quick", s.preset(), "an older search keeps its preset");
        }
    }

    @Test
    void newSettingsRoundTrip(@TempDir Path dir) throws Exception {
        SearchSettings s = SearchSettings.builder().build();
        try (FolderStore store = FolderStore.create(dir)) {
            store.writeSettings(s);
            assertEquals(s, store.readSettings());
            assertEquals(SearchSettings.Builder.DEFAULT_REPEAT_TARGET, store.readSettings().controller().repeatTarget());
            assertEquals("proxy", store.readSettings().preset());
        }
    }

    @Test
    void settingsWrittenBeforeRedrawTriedReadBackWithoutIt(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(FolderStore.SETTINGS), """
                {"searcher":"ppo","space":"small:2","controller":{"hidden":150,"initScale":0.08,"learningRate":0.001,
                "entropyWeight":0.0015,"batchSize":5,"clipRange":0.2,"ppoEpochs":4,"baselineDecay":0.95,
                "repeatTarget":0.75,"distinctInBatch":true},
                "workers":1,"maxTrials":150,"maxSeconds":0,"seed":1,"splitSeed":0,"maxAttempts":3,
                "reward":"child","preset":"proxy","dataset":"fashion-mnist","budgetCounts":"trained"}
                """);
        try (FolderStore store = FolderStore.open(dir)) {
            ControllerSettings c = store.readSettings().controller();
            assertEquals(0.75, c.repeatTarget());
            assertFalse(c.redrawTried());
        }
    }

    @Test
    void redrawTriedRoundTrips(@TempDir Path dir) throws Exception {
        SearchSettings s = SearchSettings.builder().redrawTried(true).build();
        try (FolderStore store = FolderStore.create(dir)) {
            store.writeSettings(s);
            assertEquals(s, store.readSettings());
            assertTrue(store.readSettings().controller().redrawTried());
        }
    }
}
