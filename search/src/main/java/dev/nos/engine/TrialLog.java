package dev.nos.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code trials.jsonl}: one {@link TrialEntry} as a JSON object a line, appended and forced to disk as each trial
 * finishes, so a crash loses no finished trial. A crash in the middle of a write leaves a partial last line;
 * {@link #read} drops it (and {@link #openForAppend} cuts it off the file).
 */
public final class TrialLog implements Closeable {
    public static final String FILE = "trials.jsonl";

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path file;
    private final FileChannel channel;

    private TrialLog(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens (creating) the log for appending, after cutting off a partial last line. */
    public static TrialLog openForAppend(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        long keep = completeLength(file);
        if (ch.size() > keep) {
            ch.truncate(keep);
        }
        ch.position(keep);
        return new TrialLog(file, ch);
    }

    /** Appends one trial and forces it to disk. */
    public synchronized void append(TrialEntry entry) throws IOException {
        byte[] line = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.wrap(line);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        channel.force(false);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    /** The trials of a log, in order; a missing file has none; a partial last line is ignored. */
    public static List<TrialEntry> read(Path file) throws IOException {
        List<TrialEntry> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int lineNo = 0;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                break; // partial last line: a write the crash interrupted
            }
            lineNo++;
            String line = text.substring(start, end).trim();
            start = end + 1;
            if (line.isEmpty()) {
                continue;
            }
            try {
                out.add(JSON.readValue(line, TrialEntry.class));
            } catch (JsonProcessingException e) {
                throw new IOException(file + " line " + lineNo + " is not a trial record: " + e.getOriginalMessage(), e);
            }
        }
        return out;
    }

    /** The length of the file up to and including its last newline. */
    private static long completeLength(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int i = bytes.length;
        while (i > 0 && bytes[i - 1] != '\n') {
            i--;
        }
        return i;
    }
}
