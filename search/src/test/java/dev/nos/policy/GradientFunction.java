package dev.nos.policy;

import org.nd4j.autodiff.samediff.SameDiff;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Builds a SameDiff graph's gradient function once, without its chatter reaching the user's output.
 *
 * <p>What prints, and when: ND4J 1.0.0-M2.1's {@code SameDiff.createGradFunction} ends the loop over the graph's ops
 * with an unconditional {@code System.out.println("Added differentiated op " + op.getOwnName())}, one line per op
 * (hundreds for the paper-size controller). It is not logging: no logger, level, listener or flag governs it. It runs
 * only while the gradient function is built, which happens once per {@code SameDiff}: the first
 * {@code calculateGradients} builds it and caches it (as the function {@code "grad"}); {@code output} and every later
 * {@code calculateGradients} print nothing. Test code only since issue 12 (the controller itself runs no SameDiff):
 * {@link SameDiffController}, the SameDiff yardstick of the hand-written gradients, builds its function through
 * {@link #create} so that the tests' output stays readable.
 *
 * <p>That one build cannot be kept off {@code System.out} at its source, so for its duration {@code System.out} is a
 * stream that drops what the building thread writes and passes on what any other thread writes to the stream it
 * replaced, so no other thread's output is lost (the former {@code StdoutSilencer} discarded
 * everything, for the whole process, on every SameDiff call). Builds are serialised so the swaps never nest.
 */
final class GradientFunction {
    private static final Object LOCK = new Object();

    private GradientFunction() {}

    /** Builds {@code sd}'s gradient function (for its loss variables) unless it has one. */
    static void create(SameDiff sd) {
        if (sd.getFunction("grad") == null) {
            dropThisThreadsStdout(sd::createGradFunction);
        }
    }

    /** Runs {@code work} with this thread's writes to {@code System.out} dropped and other threads' passed on. */
    static void dropThisThreadsStdout(Runnable work) {
        synchronized (LOCK) {
            PrintStream original = System.out;
            OtherThreadsOnly filter = new OtherThreadsOnly(original, Thread.currentThread());
            PrintStream replacement = new PrintStream(filter, true);
            System.setOut(replacement);
            try {
                work.run();
            } finally {
                replacement.flush();
                filter.disarm();
                if (System.out == replacement) {
                    System.setOut(original);
                }
            }
        }
    }

    /** Forwards every write except the muted thread's, until disarmed; then forwards everything. */
    private static final class OtherThreadsOnly extends OutputStream {
        private final PrintStream target;
        private volatile Thread muted;

        OtherThreadsOnly(PrintStream target, Thread muted) {
            this.target = target;
            this.muted = muted;
        }

        void disarm() {
            muted = null;
        }

        private boolean passes() {
            return Thread.currentThread() != muted;
        }

        @Override
        public void write(int b) {
            if (passes()) {
                target.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (passes()) {
                target.write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            if (passes()) {
                target.flush();
            }
        }
    }
}
