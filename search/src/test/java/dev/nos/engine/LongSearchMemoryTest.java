package dev.nos.engine;

import dev.nos.policy.ControllerSettings;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guard of issue 12: memory does not grow with the number of trials. A search with the paper-size controller
 * (PPO, hidden 150, batch 5) and the synthetic reward runs 2,000 trials through the real engine and folder store, in
 * its own JVM with the controller's memory settings (a fixed, pre-touched 256 MB heap, so that the resident memory
 * moves only with what lives outside the heap).
 * <ul>
 *   <li>Nothing is kept: after 500 and after 2,000 trials, garbage collected before each reading, neither what
 *   JavaCPP counts ({@link Pointer#totalBytes()}) nor the resident memory ({@link Pointer#physicalBytes()}) may have
 *   grown, and the reachable heap only by what the cache keeps (an entry per evaluated rule).</li>
 *   <li>Nothing waits for the garbage collector outside the heap: every 100 trials from 500 to 2,000, without a
 *   collection first, the resident memory outside the heap stays under {@value #OUTSIDE_HEAP_MB} MB. The
 *   controller before issue 12 passed the first check and failed this one: its SameDiff arrays were native
 *   memory that only a collection of their Java objects freed (measured with this test's settings: 700 to 1,020 MB
 *   resident, 440 to 760 MB of it outside the heap; with a large heap, collections are rare and it grew to
 *   gigabytes).</li>
 * </ul>
 * Memory only: no timing is asserted.
 */
class LongSearchMemoryTest {
    private static final long MB = 1024 * 1024;
    /** The most resident memory outside the heap at any reading (the JVM's own: code, metadata, threads, GC). */
    static final long OUTSIDE_HEAP_MB = 192;
    static final long HEAP_MB = 256;
    /** The heap of the measured JVM: fixed and touched at start-up (the controller image's settings). */
    static final List<String> JVM = List.of("-Xms" + HEAP_MB + "m", "-Xmx" + HEAP_MB + "m", "-XX:+AlwaysPreTouch");

    /** One reading, after a garbage collection or (a peek) without one. */
    record Reading(long trials, long javacppBytes, long resident, long heapUsed) {
        static Reading now(long trials, boolean collectFirst) {
            Runtime rt = Runtime.getRuntime();
            for (int i = 0; collectFirst && i < 3; i++) {
                System.gc();
            }
            return new Reading(trials, Pointer.totalBytes(), Pointer.physicalBytes(), rt.totalMemory() - rt.freeMemory());
        }

        String line(String kind) {
            return kind + " " + trials + " " + javacppBytes + " " + resident + " " + heapUsed;
        }

        static Reading parse(String line) {
            String[] f = line.trim().split(" ");
            return new Reading(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "after %d trials: JavaCPP %d MB, resident %d MB, heap used %d MB", trials,
                    javacppBytes / MB, resident / MB, heapUsed / MB);
        }
    }

    /** The measured search: args = folder, then the trial counts to read at (the last is the budget). */
    public static final class Soak {
        public static void main(String[] args) throws Exception {
            List<Long> at = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                at.add(Long.parseLong(args[i]));
            }
            SearchSettings settings = SearchSettings.builder().reward("synthetic").trials(at.get(at.size() - 1)).seed(1L)
                    .budgetCounts("proposed").build().withController(ControllerSettings.paper().withLearningRate(1e-3));
            try (SyntheticExecutor exec = new SyntheticExecutor()) {
                SearchEngine engine = SearchEngine.create(FolderStore.create(Path.of(args[0])), settings, exec);
                engine.addListener((entry, stats) -> {
                    if (at.contains(stats.trials())) {
                        System.out.println(Reading.now(stats.trials(), true).line("reading"));
                    } else if (stats.trials() > at.get(0) && stats.trials() % 100 == 0) {
                        System.out.println(Reading.now(stats.trials(), false).line("peek"));
                    }
                });
                engine.run();
            }
        }
    }

    @Test
    void nativeMemoryDoesNotGrowWithTheNumberOfTrials(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(JVM);
        command.addAll(List.of("-cp", cp, Soak.class.getName(), dir.resolve("search").toString(), "500", "2000"));
        Path out = dir.resolve("soak.out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the soak search ended");
        List<String> lines = Files.readAllLines(out);
        assertEquals(0, p.exitValue(), String.join("\n", lines));
        List<Reading> readings = new ArrayList<>();
        List<Reading> peeks = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("reading ")) {
                readings.add(Reading.parse(line));
            } else if (line.startsWith("peek ")) {
                peeks.add(Reading.parse(line));
            }
        }
        assertEquals(2, readings.size(), "read at 500 and 2,000 trials: " + lines);
        Reading early = readings.get(0);
        Reading late = readings.get(1);
        String both = early + "; " + late;
        System.out.println("LongSearchMemoryTest: " + both);
        assertTrue(late.javacppBytes() - early.javacppBytes() < MB, "JavaCPP's count grew: " + both);
        assertTrue(late.resident() - early.resident() < 32 * MB,
                "resident memory grew by more than 32 MB in 1,500 trials: " + both);
        assertTrue(late.heapUsed() - early.heapUsed() < 1500 * 4096L,
                "the reachable heap grew by more than 4 KB a trial: " + both);
        assertEquals(14, peeks.size(), "peeks every 100 trials from 600 to 1,900: " + lines);
        Reading most = peeks.stream().max(Comparator.comparingLong(Reading::resident)).orElseThrow();
        System.out.println("LongSearchMemoryTest: most resident without a collection " + most);
        assertTrue(most.resident() - HEAP_MB * MB < OUTSIDE_HEAP_MB * MB, "resident memory outside the "
                + HEAP_MB + " MB heap passed " + OUTSIDE_HEAP_MB + " MB (native memory waiting for a collection?): "
                + most);
    }
}
