package dev.nos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code nos evaluate} on a tiny generated Fashion-MNIST-format folder (no network: --no-download). */
class EvaluateCommandTest {
    @TempDir
    Path tmp;

    private static byte[] gz(byte[] b) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bos)) {
            g.write(b);
        }
        return bos.toByteArray();
    }

    /** n images of 28x28 where class k (0..9) is a bright horizontal band at rows 2k..2k+3, plus noise. */
    /** A folder of Fashion-MNIST-format files: 400 training and 100 test images. */
    private Path smallDataset(String name) throws IOException {
        Path data = tmp.resolve(name);
        Files.createDirectories(data);
        writeIdx(data, "train", 400, 1);
        writeIdx(data, "t10k", 100, 2);
        return data;
    }

    static void writeIdx(Path dir, String prefix, int n, long seed) throws IOException {
        Random r = new Random(seed);
        ByteBuffer img = ByteBuffer.allocate(16 + n * 784).putInt(2051).putInt(n).putInt(28).putInt(28);
        ByteBuffer lab = ByteBuffer.allocate(8 + n).putInt(2049).putInt(n);
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(10);
            lab.put((byte) k);
            for (int p = 0; p < 784; p++) {
                int row = p / 28;
                int v = (row >= 2 * k + 2 && row < 2 * k + 6 ? 180 : 40) + r.nextInt(60);
                img.put((byte) v);
            }
        }
        String kind = prefix.equals("train") ? "train" : "t10k";
        Files.write(dir.resolve(kind + "-images-idx3-ubyte.gz"), gz(img.array()));
        Files.write(dir.resolve(kind + "-labels-idx1-ubyte.gz"), gz(lab.array()));
    }

    @Test
    void jsonRecordsAndPlot() throws Exception {
        Path data = smallDataset("data");
        Path png = tmp.resolve("out/acc.png");
        StringWriter sw = new StringWriter();
        CommandLine cl = new CommandLine(new EvaluateCommand());
        cl.setOut(new PrintWriter(sw));
        int rc = cl.execute("SGD", "Adam", "--preset", "quick", "--data", data.toString(), "--no-download",
                "--train-examples", "300", "--validation-size", "100", "--seeds", "2", "--json",
                "--plot", png.toString());
        assertEquals(0, rc, sw.toString());
        JsonNode root = new ObjectMapper().readTree(sw.toString());
        JsonNode trials = root.get("trials");
        assertEquals(4, trials.size());
        assertEquals("SGD", trials.get(0).get("name").asText());
        assertEquals(2, trials.get(1).get("seed").asInt());
        assertEquals("OK", trials.get(2).get("status").asText());
        assertTrue(trials.get(2).get("testAccuracy").isNumber());
        assertEquals(2, trials.get(2).get("validationAccuracyPerEpoch").size());
        assertTrue(Files.size(png) > 1000);
    }

    @Test
    void firstSeedAddsSeedsThatMatchALongerRun() throws Exception {
        Path data = smallDataset("data");
        JsonNode both = evaluateJson(data, "--seeds", "2");
        JsonNode second = evaluateJson(data, "--first-seed", "2");
        assertEquals(1, second.size());
        assertEquals(2, second.get(0).get("seed").asInt());
        assertEquals(both.get(1).get("reward").asDouble(), second.get(0).get("reward").asDouble());
        assertEquals(both.get(1).get("bestLearningRate").asDouble(),
                second.get(0).get("bestLearningRate").asDouble());
    }

    private JsonNode evaluateJson(Path data, String... seedFlags) throws Exception {
        StringWriter sw = new StringWriter();
        CommandLine cl = new CommandLine(new EvaluateCommand());
        cl.setOut(new PrintWriter(sw));
        List<String> args = new ArrayList<>(List.of("momentum", "--preset", "quick", "--data", data.toString(),
                "--no-download", "--train-examples", "300", "--validation-size", "100", "--json"));
        args.addAll(List.of(seedFlags));
        int rc = cl.execute(args.toArray(String[]::new));
        assertEquals(0, rc, sw.toString());
        return new ObjectMapper().readTree(sw.toString()).get("trials");
    }

    @Test
    void tableShowsMeanAndSpread() throws Exception {
        Path data = smallDataset("data");
        StringWriter sw = new StringWriter();
        CommandLine cl = new CommandLine(new EvaluateCommand());
        cl.setOut(new PrintWriter(sw));
        int rc = cl.execute("sgd", "--data", data.toString(), "--no-download", "--train-examples", "300",
                "--validation-size", "100", "--seeds", "2");
        assertEquals(0, rc, sw.toString());
        String out = sw.toString();
        assertTrue(out.contains("best lr") && out.contains("validation acc") && out.contains("test acc"), out);
        assertTrue(out.contains("SGD") && out.contains("±") && out.contains("ok x2"), out);
    }

    @Test
    void missingDataSaysWhereItLooked() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new EvaluateCommand());
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute("SGD", "--data", tmp.resolve("none").toString(), "--dataset", "cifar-10", "--no-download");
        assertEquals(1, rc, err.toString());
        assertTrue(!err.toString().contains("\tat "), "no stack trace for a user error: " + err);
        assertTrue(err.toString().contains("dataset cifar-10 not found"), err.toString());
        assertTrue(err.toString().contains(tmp.resolve("none").toString()), err.toString());
    }

    @Test
    void badRuleIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new EvaluateCommand());
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute("g +* m", "--no-download");
        assertEquals(2, rc, err.toString());
        assertTrue(err.toString().contains("g +* m"), err.toString());
    }

    @Test
    void badProtocolOverridesAreUsageErrorsNamingTheFlag() {
        for (String[] args : new String[][] {{"--learning-rates", "0.01,-1"}, {"--lr-decay", "cosine"},
                {"--final-epochs", "0"}}) {
            StringWriter err = new StringWriter();
            CommandLine cl = new CommandLine(new EvaluateCommand());
            cl.setErr(new PrintWriter(err));
            int rc = cl.execute("Adam", "--no-download", args[0], args[1]);
            assertEquals(2, rc, err.toString());
            assertTrue(err.toString().contains(args[0]), args[0] + ": " + err);
        }
    }

    @Test
    void protocolOverridesReachTheRecords() throws Exception {
        Path data = smallDataset("data2");
        StringWriter sw = new StringWriter();
        CommandLine cl = new CommandLine(new EvaluateCommand());
        cl.setOut(new PrintWriter(sw));
        int rc = cl.execute("Adam", "--data", data.toString(), "--no-download", "--train-examples", "300",
                "--validation-size", "100", "--learning-rates", "0.001,0.003", "--final-epochs", "3",
                "--lr-decay", "linear", "--json");
        assertEquals(0, rc, sw.toString());
        JsonNode t = new ObjectMapper().readTree(sw.toString()).get("trials").get(0);
        assertEquals(2, t.get("accuracyPerLearningRate").size(), "the two rates of the sweep");
        assertEquals(3, t.get("validationAccuracyPerEpoch").size(), "three final epochs");
        assertEquals("proxy", t.get("preset").asText(), "the default preset");
    }
}
