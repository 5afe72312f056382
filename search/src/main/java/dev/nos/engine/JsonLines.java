package dev.nos.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.nos.trial.TrialJson;

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
 * A file of JSON objects, one a line, appended and forced to disk, so a crash loses no line that was written. A crash
 * in the middle of a write leaves a partial last line: {@link #read} drops it and {@link #openForAppend} cuts it off.
 */
final class JsonLines<T> implements Closeable {
    private final FileChannel channel;

    private JsonLines(FileChannel channel) {
        this.channel = channel;
    }

    /** Opens (creating) the file for appending, after cutting off a partial last line. */
    static <T> JsonLines<T> openForAppend(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        long keep = completeLength(file);
        if (ch.size() > keep) {
            ch.truncate(keep);
        }
        ch.position(keep);
        return new JsonLines<>(ch);
    }

    /** Appends the values, one a line, and forces them to disk. */
    synchronized void append(List<? extends T> values) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (T v : values) {
            sb.append(TrialJson.write(v)).append('\n');
        }
        ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        channel.force(false);
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    /** The values of a file, in order; a missing file has none; a partial last line is ignored. */
    static <T> List<T> read(Path file, Class<T> type) throws IOException {
        List<T> out = new ArrayList<>();
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
                out.add(TrialJson.MAPPER.readValue(line, type));
            } catch (JsonProcessingException e) {
                throw new IOException(file + " line " + lineNo + " is not a " + type.getSimpleName() + ": "
                        + e.getOriginalMessage(), e);
            }
        }
        return out;
    }

    private static long completeLength(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int i = bytes.length;
        while (i > 0 && bytes[i - 1] != '\n') {
            i--;
        }
        return i;
    }
}
