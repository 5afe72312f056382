package dev.nos.bench.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nos.data.DatasetSpec;
import dev.nos.trial.TrialRecord;
import dev.nos.trial.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransferComparisonTest {
    private static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");

    private static TrialRecord record(String name, double reward, long seed) {
        return new TrialRecord(null, name, name, null, reward, 1e-3, null, TrialStatus.OK, null, 1.0, seed, "large",
                null, null);
    }

    @Test
    void theTableComparesEachRuleWithTheReferenceOnTheSameSeed() {
        Map<String, Map<Long, TrialRecord>> done = new LinkedHashMap<>();
        done.put("Adam", Map.of(1L, record("Adam", 0.80, 1), 2L, record("Adam", 0.90, 2)));
        done.put("sign(m)", Map.of(1L, record("sign(m)", 0.78, 1), 2L, record("sign(m)", 0.86, 2)));
        done.put("Momentum", Map.of(1L, record("Momentum", 0.81, 1)));
        String t = TransferComparison.table(done, List.of(1L, 2L), "Adam");
        assertTrue(t.startsWith("| rule | seed 1 | seed 2 | mean | minus Adam, same seed |"), t);
        // differences -0.02 and -0.04: mean -0.03, sd sqrt(2e-4)
        assertTrue(t.contains("| `sign(m)` | 0.7800 (0.001) | 0.8600 (0.001) | 0.8200 | -0.0300 ± 0.0141 (2) |"), t);
        assertTrue(t.contains("| `Momentum` | 0.8100 (0.001) | - | 0.8100 | +0.0100 ± 0.0000 (1) |"), t);
        assertTrue(t.indexOf("`Momentum`") < t.indexOf("`sign(m)`"), "best difference first: " + t);
    }

    @Test
    void rulesThatDifferOnlyInPunctuationGetFilesOfTheirOwn(@TempDir Path dir) {
        assertNotEquals(TransferComparison.cell(dir, "sign(m) * 2", 1), TransferComparison.cell(dir, "sign(m) / 2", 1));
        assertNotEquals(TransferComparison.cell(dir, "Adam", 1), TransferComparison.cell(dir, "Adam", 2));
    }

    @Test
    void aRunTrainsEachCellOnceAndAnotherRunOnlyReports(@TempDir Path out) throws Exception {
        // fails, never skips, without the data (.ci/run installs it)
        assertTrue(DatasetSpec.FASHION_MNIST.isCompleteIn(DEBIAN), "this test trains on the real Fashion-MNIST, missing "
                + "from " + DEBIAN + ": " + DatasetSpec.FASHION_MNIST.installHint());
        String[] args = {out.toString(), "--preset", "quick", "--seeds", "1,2", "--train-examples", "300",
                "--validation-size", "200", "sign(m)"};
        TransferComparison.main(args);
        Path dir = out.resolve("quick");
        Path adam1 = TransferComparison.cell(dir, "Adam", 1);
        for (String rule : List.of("Adam", "sign(m)")) {
            for (long seed : List.of(1L, 2L)) {
                TrialRecord r = TransferComparison.read(TransferComparison.cell(dir, rule, seed));
                assertEquals(TrialStatus.OK, r.status(), r.error());
                assertEquals(seed, r.seed());
                assertTrue(r.reward() > 0.3, "chance is 0.1: " + r);
            }
        }
        FileTime before = Files.getLastModifiedTime(adam1);
        Files.setLastModifiedTime(adam1, FileTime.fromMillis(before.toMillis() - 60_000));
        FileTime aged = Files.getLastModifiedTime(adam1);
        TransferComparison.main(args);
        assertEquals(aged, Files.getLastModifiedTime(adam1), "a finished cell is not trained again");
        String table = Files.readString(dir.resolve("transfer.md"));
        assertTrue(table.contains("| `Adam` |") && table.contains("| `sign(m)` |"), table);
    }
}
