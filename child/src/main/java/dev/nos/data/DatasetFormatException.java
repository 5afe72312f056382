package dev.nos.data;

import java.io.IOException;
import java.nio.file.Path;

/** A dataset file exists but its content is not what its format requires; the message names the file. */
public class DatasetFormatException extends IOException {
    private final Path file;

    public DatasetFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** The offending file. */
    public Path file() {
        return file;
    }
}
