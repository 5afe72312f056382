package dev.nos.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The C reference of the update-step timing: fused single-threaded loops doing PowerSign's, AddSign's and Adam's
 * work on float arrays ({@code fused_reference.c} next to this class), compiled at run time with
 * {@code gcc -O3 -march=native -fno-math-errno} and driven over a pipe, so that its steps take turns with the Java
 * updaters in the same run. The time of a turn is measured inside the C program. Not a test.
 *
 * <p>-fno-math-errno: without it gcc may not vectorise sqrtf (it must keep errno for negative arguments), which made
 * the C Adam 10x slower than the same loop with it in our trial; Java's Math.sqrt sets no errno either.
 */
final class CReference implements AutoCloseable {
    static final List<String> KERNELS = List.of("powersign", "addsign", "adam", "2slot");

    private final Process process;
    private final PrintWriter in;
    private final BufferedReader out;
    private final Path dir;

    private CReference(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.US_ASCII);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
    }

    /** Compiles and starts the reference with arrays of {@code size} floats; empty, with a message, without gcc. */
    static Optional<CReference> start(int size) {
        try {
            Path gcc = gcc();
            if (gcc == null) {
                System.out.println("C reference skipped: gcc not found on the PATH");
                return Optional.empty();
            }
            Path dir = Files.createTempDirectory("nos-c-reference");
            Path source = dir.resolve("fused_reference.c");
            try (InputStream s = CReference.class.getResourceAsStream("fused_reference.c")) {
                Files.copy(s, source);
            }
            Path binary = dir.resolve("fused_reference");
            Process cc = new ProcessBuilder(gcc.toString(), "-O3", "-march=native", "-fno-math-errno", "-o",
                    binary.toString(), source.toString(), "-lm").redirectErrorStream(true).start();
            String log = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!cc.waitFor(120, TimeUnit.SECONDS) || cc.exitValue() != 0) {
                System.out.println("C reference skipped: gcc failed: " + log);
                return Optional.empty();
            }
            CReference c = new CReference(new ProcessBuilder(binary.toString()).start(), dir);
            c.command("init " + size);
            return Optional.of(c);
        } catch (IOException e) {
            System.out.println("C reference skipped: " + e);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Path gcc() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d, "gcc");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Milliseconds per step of {@code steps} steps of {@code kernel} (one of {@link #KERNELS}). */
    double msPerStep(String kernel, int steps) {
        String reply = command("run " + kernel + " " + steps);
        return Double.parseDouble(reply) / 1e6 / steps;
    }

    private String command(String line) {
        in.println(line);
        try {
            String reply = out.readLine();
            if (reply == null || reply.startsWith("error")) {
                throw new IllegalStateException("C reference: '" + line + "' answered " + reply);
            }
            return reply;
        } catch (IOException e) {
            throw new IllegalStateException("C reference: " + e, e);
        }
    }

    @Override
    public void close() {
        in.println("quit");
        process.destroy();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
