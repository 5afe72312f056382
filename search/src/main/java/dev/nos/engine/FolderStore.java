package dev.nos.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nos.io.AtomicFiles;
import dev.nos.trial.TrialJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A search kept in a folder ({@code runs/search-DATE-TIME}):
 * <ul>
 *   <li>{@code search.json}: the settings;</li>
 *   <li>{@code trials.jsonl}: the trial log, one {@link TrialEntry} a line, each forced to disk as it is appended;</li>
 *   <li>{@code pending.jsonl}: every sampled trial, one {@link PendingTrial} a line, appended before it is dispatched;
 *   the pending ones are those whose request id is not in the log (the file is compacted to them when the search is
 *   opened again);</li>
 *   <li>{@code controller.ckpt}: the controller checkpoint, replaced atomically;</li>
 *   <li>{@code elapsed.json}: the seconds the search has run, replaced atomically.</li>
 * </ul>
 */
public final class FolderStore implements SearchStore {
    public static final String SETTINGS = "search.json";
    public static final String TRIALS = "trials.jsonl";
    public static final String PENDING = "pending.jsonl";
    public static final String CHECKPOINT = "controller.ckpt";
    public static final String ELAPSED = "elapsed.json";

    private final Path dir;
    private JsonLines<TrialEntry> trials;
    private JsonLines<PendingTrial> pending;

    private FolderStore(Path dir) {
        this.dir = dir;
    }

    /** A store for a new search in {@code dir}, which must not hold one already. */
    public static FolderStore create(Path dir) throws IOException {
        if (Files.exists(dir.resolve(TRIALS)) || Files.exists(dir.resolve(SETTINGS))) {
            throw new IOException(dir + " already holds a search; continue it with --resume " + dir
                    + " or choose another --dir");
        }
        Files.createDirectories(dir);
        return new FolderStore(dir);
    }

    /** The store of the search in {@code dir}. */
    public static FolderStore open(Path dir) throws IOException {
        if (!Files.exists(dir.resolve(SETTINGS))) {
            throw new IOException(dir + " is not a search folder: it has no " + SETTINGS);
        }
        FolderStore store = new FolderStore(dir);
        store.compactPending();
        return store;
    }

    /** True when {@code dir} holds a search. */
    public static boolean holdsSearch(Path dir) {
        return Files.exists(dir.resolve(SETTINGS));
    }

    public Path dir() {
        return dir;
    }

    /** The trial log's file. */
    public Path trialsFile() {
        return dir.resolve(TRIALS);
    }

    @Override
    public SearchSettings readSettings() throws IOException {
        Path f = dir.resolve(SETTINGS);
        if (!Files.exists(f)) {
            return null;
        }
        JsonNode tree = TrialJson.MAPPER.readTree(f.toFile());
        if (!tree.has("splitSeed")) {
            throw new IOException(f + " was written by an older nos (before trial requests); its trials cannot be "
                    + "continued: start a new search");
        }
        JsonNode controller = tree.get("controller");
        if (controller instanceof ObjectNode c && !c.has("repeatTarget")) {
            c.put("repeatTarget", 1.0); // written before the controller kept exploring: it ran the paper's sampling
            c.put("distinctInBatch", false);
        }
        if (controller instanceof ObjectNode c && !c.has("redrawTried")) {
            c.put("redrawTried", false); // written before rules proposed before could be drawn again
        }
        try {
            return TrialJson.MAPPER.treeToValue(tree, SearchSettings.class);
        } catch (IOException e) {
            throw new IOException(f + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void writeSettings(SearchSettings settings) throws IOException {
        AtomicFiles.writeString(dir.resolve(SETTINGS), TrialJson.writePretty(settings) + "\n");
    }

    @Override
    public List<TrialEntry> readTrials() throws IOException {
        List<TrialEntry> entries = JsonLines.read(dir.resolve(TRIALS), TrialEntry.class);
        for (int i = 0; i < entries.size(); i++) {
            TrialEntry e = entries.get(i);
            if (e.request() == null || e.record() == null) {
                throw new IOException(dir.resolve(TRIALS) + ": line " + (i + 1) + " has no request or record (written"
                        + " by an older nos?)");
            }
            if (e.trial() != i + 1) {
                throw new IOException(dir.resolve(TRIALS) + ": line " + (i + 1) + " is trial " + e.trial()
                        + ", expected " + (i + 1));
            }
        }
        return entries;
    }

    @Override
    public void appendTrial(TrialEntry entry) throws IOException {
        appendTrials(List.of(entry));
    }

    /** Appends the trials with one write, forced to disk once. */
    @Override
    public synchronized void appendTrials(List<TrialEntry> entries) throws IOException {
        if (entries.isEmpty()) {
            return;
        }
        if (trials == null) {
            trials = JsonLines.openForAppend(dir.resolve(TRIALS));
        }
        trials.append(entries);
    }

    @Override
    public EngineCheckpoint readCheckpoint() throws IOException {
        return EngineCheckpoint.read(dir.resolve(CHECKPOINT));
    }

    @Override
    public void writeCheckpoint(EngineCheckpoint checkpoint) throws IOException {
        checkpoint.write(dir.resolve(CHECKPOINT));
    }

    @Override
    public synchronized List<PendingTrial> readPending() throws IOException {
        Set<Long> done = loggedIds();
        List<PendingTrial> out = new ArrayList<>();
        for (PendingTrial p : JsonLines.read(dir.resolve(PENDING), PendingTrial.class)) {
            if (!done.contains(p.request().id())) {
                out.add(p);
            }
        }
        return out;
    }

    /** The request ids in the log, read from it (not kept: a long search would keep one per trial). */
    private Set<Long> loggedIds() throws IOException {
        Set<Long> ids = new HashSet<>();
        for (TrialEntry e : JsonLines.read(dir.resolve(TRIALS), TrialEntry.class)) {
            ids.add(e.id());
        }
        return ids;
    }

    @Override
    public synchronized void addPending(List<PendingTrial> list) throws IOException {
        if (pending == null) {
            pending = JsonLines.openForAppend(dir.resolve(PENDING));
        }
        pending.append(list);
    }

    @Override
    public double readElapsedSeconds() throws IOException {
        Path f = dir.resolve(ELAPSED);
        return Files.exists(f) ? TrialJson.MAPPER.readTree(f.toFile()).path("seconds").asDouble(0) : 0;
    }

    @Override
    public void writeElapsedSeconds(double seconds) throws IOException {
        AtomicFiles.writeString(dir.resolve(ELAPSED), String.format(Locale.ROOT, "{\"seconds\": %.3f}%n", seconds));
    }

    @Override
    public String describe() {
        return dir.toString();
    }

    /** Rewrites {@code pending.jsonl} to hold only the trials still pending (it would otherwise grow with the log). */
    private void compactPending() throws IOException {
        Path f = dir.resolve(PENDING);
        if (!Files.exists(f)) {
            return;
        }
        List<PendingTrial> still = readPending();
        StringBuilder sb = new StringBuilder();
        for (PendingTrial p : still) {
            sb.append(TrialJson.write(p)).append('\n');
        }
        AtomicFiles.writeString(f, sb.toString());
    }

    @Override
    public synchronized void close() throws IOException {
        if (trials != null) {
            trials.close();
            trials = null;
        }
        if (pending != null) {
            pending.close();
            pending = null;
        }
    }
}
