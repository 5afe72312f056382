package dev.nos.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every shell script of the repository ({@code nos}, {@code .ci/run}, {@code *.sh}: the kind script, the image build,
 * the benchmarks) passes {@code shellcheck} (Debian's package). Skipped where shellcheck is missing, unless
 * {@code NOS_SHELLCHECK=required} (as CI sets it), then it fails.
 */
class ShellScriptsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    static List<Path> scripts() throws IOException {
        List<Path> scripts = new ArrayList<>(List.of(ROOT.resolve("nos"), ROOT.resolve(".ci/run")));
        try (Stream<Path> files = Files.walk(ROOT)) {
            files.filter(f -> f.toString().endsWith(".sh"))
                    .filter(f -> !ROOT.relativize(f).toString().matches("(.*/)?(target|\\.git|node_modules|build)/.*"))
                    .sorted().forEach(scripts::add);
        }
        return scripts;
    }

    @Test
    void everyScriptPassesShellcheck() throws Exception {
        boolean required = "required".equals(System.getenv("NOS_SHELLCHECK"));
        if (!required) {
            assumeTrue(onPath("shellcheck"), "shellcheck is not installed (apt-get install shellcheck)");
        }
        assertTrue(onPath("shellcheck"), "NOS_SHELLCHECK=required but shellcheck is not on the PATH");
        List<Path> scripts = scripts();
        assertTrue(scripts.stream().anyMatch(p -> p.endsWith("examples/kind.sh")), "examples/kind.sh is checked: " + scripts);
        List<String> command = new ArrayList<>(List.of("shellcheck", "--external-sources"));
        scripts.forEach(p -> command.add(p.toString()));
        Process p = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "shellcheck finished");
        assertEquals(0, p.exitValue(), "shellcheck " + scripts + ":\n" + out);
    }
}
