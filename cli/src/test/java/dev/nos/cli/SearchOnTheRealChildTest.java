package dev.nos.cli;

import dev.nos.data.DatasetSpec;
import dev.nos.engine.FolderStore;
import dev.nos.engine.TrialEntry;
import dev.nos.trial.TrialJson;
import dev.nos.trial.TrialRecord;
import dev.nos.trial.TrialStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code nos search} on the real child (the default proxy preset, cut to 500 training examples) and real Fashion-MNIST
 * (Debian's dataset-fashion-mnist), then {@code nos trial --request} in another JVM on the request of a logged trial:
 * the reward it gives equals the logged one.
 */
class SearchOnTheRealChildTest {
    private static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");

    @Test
    void aSearchOnTheQuickChildAndATrialRerunFromItsRequest(@TempDir Path tmp) throws Exception {
        // fails, never skips, without the data (.ci/run installs it)
        assertTrue(DatasetSpec.FASHION_MNIST.isCompleteIn(DEBIAN),
                "this test trains on the real Fashion-MNIST, missing from " + DEBIAN + ": "
                        + DatasetSpec.FASHION_MNIST.installHint());
        Path dir = tmp.resolve("search");
        Cli search = Cli.run("search", "--trials", "5", "--train-examples", "500", "--validation-size", "500",
                "--dir", dir.toString(), "--quiet");
        assertEquals(0, search.exitCode, search.toString());
        List<TrialEntry> log;
        try (FolderStore store = FolderStore.open(dir)) {
            log = store.readTrials();
        }
        assertEquals(5, log.size());
        TrialEntry trained = log.stream().filter(e -> !e.cached() && e.status() == TrialStatus.OK).findFirst()
                .orElseThrow(() -> new AssertionError("no trial trained OK: " + log));
        assertEquals("proxy", trained.request().preset(), "the default preset");
        assertEquals(500, trained.request().overrides().trainExamples());
        assertTrue(trained.record().accuracyPerLearningRate().size() == 3, "the proxy sweep's three rates");

        Path request = tmp.resolve("request.json");
        Files.writeString(request, TrialJson.write(trained.request()));
        Path out = tmp.resolve("record.json");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", cp, NosCommand.class.getName(), "trial", "--request",
                request.toString(), "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("trial.log").toFile());
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "nos trial finished");
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("trial.log")));
        TrialRecord again = TrialJson.MAPPER.readValue(out.toFile(), TrialRecord.class);
        assertEquals(trained.reward(), again.reward(), "the rerun's reward equals the logged one");
        assertEquals(trained.record().copyWithoutTime(), again.copyWithoutTime(), "the whole record is the same");
    }
}
