package dev.nos.policy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * Runs SameDiff calls with {@code System.out} discarded: SameDiff prints a line per differentiated op to stdout,
 * which must not reach the user's output (the leaderboard, JSON). Calls are serialised on one lock so the swap
 * is never interleaved.
 */
final class StdoutSilencer {
    private static final Object LOCK = new Object();
    private static final PrintStream NULL = new PrintStream(OutputStream.nullOutputStream());

    private StdoutSilencer() {}

    static <T> T call(Supplier<T> work) {
        synchronized (LOCK) {
            PrintStream saved = System.out;
            System.setOut(NULL);
            try {
                return work.get();
            } finally {
                System.setOut(saved);
            }
        }
    }
}
