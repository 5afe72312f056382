package dev.nos.engine;

import dev.nos.io.AtomicFiles;
import dev.nos.policy.SearcherState;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The searcher's state right after it learned from trials 1 .. {@code learnedTrials} of the log. Written after every
 * update, so a resumed search restores it and feeds the searcher the logged trials after {@code learnedTrials} again,
 * in order, as the first run would have.
 */
public record EngineCheckpoint(long learnedTrials, SearcherState state) {

    /** Writes it to {@code file} atomically. */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            DataOutputStream d = new DataOutputStream(out);
            d.writeLong(learnedTrials);
            d.flush();
            state.write(out);
        });
    }

    /** The checkpoint in {@code file}, or null when there is none yet. */
    public static EngineCheckpoint read(Path file) throws IOException {
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
