package dev.nos.cli;

import dev.nos.engine.TrialEntry;
import dev.nos.engine.FolderStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchCommandTest {

    private record Run(int code, String out, String err) {}

    private static List<TrialEntry> log(Path dir) throws java.io.IOException {
        try (FolderStore store = FolderStore.open(dir)) {
            return store.readTrials();
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new SearchCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aSyntheticSearchWritesTheLogTheLeaderboardAndThePlot(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("s");
        Run r = run("--reward", "synthetic", "--trials", "30", "--dir", dir.toString(), "--seed", "3", "--with-random");
        assertEquals(0, r.code(), r.err());
        List<TrialEntry> log = log(dir);
        assertEquals(30, trained(log), "--trials counts rules trained");
        assertTrue(r.out().contains("Best rules (ppo, 30 rules trained, " + (log.size() - 30) + " cache hits)"), r.out());
        assertTrue(r.out().contains("rank  reward"), r.out());
        assertTrue(r.out().contains("Random search on the same budget"), r.out());
        assertTrue(Files.size(dir.resolve("reward.png")) > 1000);
        assertEquals(30, trained(log(dir.resolve("random"))));
        assertTrue(r.err().contains("trained 30/30"), r.err());
        // nothing of SameDiff's per-op chatter reaches the output
        assertTrue(r.out().lines().count() < 20, r.out());

        // the first line of the log: the trial, its request verbatim, the worker's record
        String first = Files.readAllLines(dir.resolve("trials.jsonl")).get(0);
        for (String field : List.of("\"trial\":1", "\"rule\":", "\"request\":{\"version\":1,", "\"reward\":\"synthetic\"",
                "\"record\":{", "\"status\":\"OK\"", "\"choices\":")) {
            assertTrue(first.contains(field), field + " in " + first);
        }

        // resume with a larger budget: 10 more trials, same settings
        Run again = run("--resume", dir.toString(), "--trials", "40");
        assertEquals(0, again.code(), again.err());
        assertEquals(40, trained(log(dir)));
        assertTrue(again.err().contains("resuming after " + log.size() + " trials"), again.err());
    }

    private static long trained(List<TrialEntry> log) {
        return log.stream().filter(e -> !e.cached()).count();
    }

    @Test
    void aBudgetOfProposedTrialsCountsCacheHitsToo(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("p");
        Run r = run("--reward", "synthetic", "--trials", "40", "--budget-counts", "proposed", "--space", "small:1",
                "--dir", dir.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        assertEquals(40, log(dir).size());
        assertTrue(r.err().contains("budget 40 trials proposed"), r.err());
        Run bad = run("--reward", "synthetic", "--budget-counts", "cached", "--dir", tmp.resolve("q").toString());
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("unknown budget count 'cached'"), bad.err());
    }

    @Test
    void redrawTriedReachesTheSearchAndItsResumeKeepsIt(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("r");
        Run r = run("--reward", "synthetic", "--trials", "20", "--redraw-tried", "--dir", dir.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        try (FolderStore store = FolderStore.open(dir)) {
            assertTrue(store.readSettings().controller().redrawTried());
        }
        Run again = run("--resume", dir.toString(), "--redraw-tried");
        assertEquals(2, again.code(), again.err());
        assertTrue(again.err().contains("continues a search with its own settings"), again.err());
    }

    @Test
    void badArgumentsAreExplained(@TempDir Path tmp) {
        Run r = run("--searcher", "genetic", "--reward", "synthetic", "--dir", tmp.resolve("x").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown searcher 'genetic'"), r.err());
        Run r2 = run("--resume", tmp.resolve("nothing").toString());
        assertEquals(2, r2.code());
        assertTrue(r2.err().contains("not a search folder"), r2.err());
        Run r3 = run("--time", "soon");
        assertEquals(2, r3.code(), r3.err());
        assertTrue(r3.err().contains("'soon' is not a duration"), r3.err());
        Run r4 = run("--preset", "huge", "--dir", tmp.resolve("y").toString());
        assertEquals(2, r4.code(), r4.err());
        assertTrue(r4.err().contains("unknown preset 'huge'"), r4.err());
        // the transfer's preset is checked before the search starts, not after it
        Path z = tmp.resolve("z");
        Run r5 = run("--reward", "synthetic", "--transfer", "3", "--transfer-preset", "wide", "--dir", z.toString());
        assertEquals(2, r5.code(), r5.err());
        assertTrue(r5.err().contains("--transfer-preset: unknown preset 'wide'; known: proxy, quick, paper, large or "
                + "residual"), r5.err());
        assertTrue(Files.notExists(z), "no search ran");
    }

    @Test
    void durations() {
        SearchCommand.DurationConverter c = new SearchCommand.DurationConverter();
        assertEquals(Duration.ofSeconds(90), c.convert("90s"));
        assertEquals(Duration.ofMinutes(15), c.convert("15m"));
        assertEquals(Duration.ofMinutes(90), c.convert("1h30m"));
        assertEquals(Duration.ofSeconds(42), c.convert("42"));
        assertEquals(Duration.ofMinutes(15), c.convert("PT15M"));
        assertThrows(CommandLine.TypeConversionException.class, () -> c.convert("0m"));
    }
}
