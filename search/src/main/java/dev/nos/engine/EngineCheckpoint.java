package dev.nos.engine;

import dev.nos.policy.SearcherState;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code controller.ckpt}: the searcher's state right after it learned from trials 1 .. {@code learnedTrials}.
 * Written after every update (to a temporary file, then moved over the old one), so a resumed search restores it
 * and feeds the searcher the logged trials after {@code learnedTrials} again, in order, as the first run would have.
 */
public record EngineCheckpoint(long learnedTrials, SearcherState state) {
    public static final String FILE = "controller.ckpt";

    public void write(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        Path tmp = dir.resolve(FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            DataOutputStream d = new DataOutputStream(out);
            d.writeLong(learnedTrials);
            d.flush();
            state.write(out);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The checkpoint in {@code dir}, or null when there is none yet. */
    public static EngineCheckpoint read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            long learned = new DataInputStream(in).readLong();
            return new EngineCheckpoint(learned, SearcherState.read(in));
        } catch (IOException e) {
            throw new IOException("cannot read the controller checkpoint " + file + ": " + e.getMessage(), e);
        }
    }
}
