package dev.nos.data;

import java.io.IOException;

/** No copy of a dataset could be found or fetched; the message lists every place looked and how to fix it. */
public class DatasetNotFoundException extends IOException {
    public DatasetNotFoundException(String message) {
        super(message);
    }

    public DatasetNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
