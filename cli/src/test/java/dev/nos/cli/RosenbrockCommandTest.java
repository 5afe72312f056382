package dev.nos.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class RosenbrockCommandTest {

    @Test
    void fewIterationsWriteATableJsonAndAPng(@TempDir Path dir) throws Exception {
        File json = dir.resolve("r.json").toFile();
        File png = dir.resolve("r.png").toFile();
        Cli r = Cli.run("rosenbrock", "--iterations", "60", "--json", json.getPath(), "--plot", png.getPath(),
                "--width", "480", "--height", "360");
        assertEquals(0, r.exitCode, r.toString());
        for (String name : new String[]{"PowerSign", "AddSign", "SGD", "Momentum", "RMSProp", "Adam"}) {
            assertTrue(r.out.contains(name), name + " missing from\n" + r.out);
        }
        assertTrue(r.out.contains("final loss"), r.out);

        BufferedImage image = ImageIO.read(png);
        assertNotNull(image, "the PNG decodes");
        assertEquals(480, image.getWidth());
        assertEquals(360, image.getHeight());

        JsonNode root = new ObjectMapper().readTree(json);
        assertEquals(60, root.get("iterations").asInt());
        assertEquals(-1.2, root.get("start").get(0).asDouble(), "the classic start by default");
        assertEquals(1.0, root.get("start").get(1).asDouble());
        assertNull(root.get("starts"), "no --starts, no ranking by start");
        JsonNode results = root.get("results");
        assertEquals(6, results.size());
        double previous = Double.NEGATIVE_INFINITY;
        for (JsonNode o : results) {
            double loss = o.get("finalLoss").isNull() ? Double.POSITIVE_INFINITY : o.get("finalLoss").asDouble();
            assertTrue(loss >= previous, "ranked by final loss: " + o.get("optimizer"));
            previous = loss;
            assertTrue(o.get("runs").size() >= 4, o.toString());
            if (!o.get("finalLoss").isNull()) {
                assertEquals(61, o.get("trajectory").get("x").size(), "start plus one point per iteration");
            }
        }
        JsonNode adam = null;
        for (JsonNode o : results) {
            if (o.get("optimizer").asText().equals("Adam")) {
                adam = o;
            }
        }
        assertNotNull(adam);
        assertEquals(24, adam.get("runs").size(), "4 learning rates x 6 epsilons");
        assertFalse(adam.get("epsilon").isNull());
    }

    @Test
    void startPointIsParsedIncludingNegativeValues(@TempDir Path dir) throws Exception {
        File json = dir.resolve("s.json").toFile();
        Cli r = Cli.run("rosenbrock", "--iterations", "3", "--start", "-1,1.5", "--json", json.getPath(),
                "--plot", dir.resolve("s.png").toString(), "--width", "200", "--height", "200");
        assertEquals(0, r.exitCode, r.toString());
        JsonNode root = new ObjectMapper().readTree(json);
        assertEquals(-1.0, root.get("start").get(0).asDouble());
        assertEquals(1.5, root.get("start").get(1).asDouble());
    }

    @Test
    void startsRankFromEachPointAndReuseTheMainStart(@TempDir Path dir) throws Exception {
        File json = dir.resolve("m.json").toFile();
        Cli r = Cli.run("rosenbrock", "--iterations", "20", "--starts", "0,0;-1.2,1", "--json", json.getPath(),
                "--plot", dir.resolve("m.png").toString(), "--width", "200", "--height", "200");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("By start point") && r.out.contains("(0, 0)") && r.out.contains("(-1.2, 1)"), r.out);
        JsonNode root = new ObjectMapper().readTree(json);
        JsonNode starts = root.get("starts");
        assertEquals(2, starts.size());
        assertEquals(0.0, starts.get(0).get("start").get(0).asDouble());
        assertEquals(-1.2, starts.get(1).get("start").get(0).asDouble());
        for (JsonNode s : starts) {
            assertEquals(6, s.get("results").size());
            assertNull(s.get("results").get(0).get("trajectory"), "trajectories only for the main start");
        }
        // the main start (-1.2, 1) is one of them: the same results
        assertEquals(root.get("results").get(0).get("finalLoss"), starts.get(1).get("results").get(0).get("finalLoss"));
        assertEquals(root.get("results").get(0).get("optimizer"), starts.get(1).get("results").get(0).get("optimizer"));
    }

    @Test
    void startsWithoutAValueUseTheFourComparisonStarts(@TempDir Path dir) throws Exception {
        assertEquals(dev.nos.rosenbrock.StartPoint.COMPARISON,
                RosenbrockCommand.parseStarts(RosenbrockCommand.COMPARISON_STARTS));
        File json = dir.resolve("f.json").toFile();
        Cli r = Cli.run("rosenbrock", "--iterations", "2", "--starts", "--json", json.getPath(),
                "--plot", dir.resolve("f.png").toString(), "--width", "200", "--height", "200");
        assertEquals(0, r.exitCode, r.toString());
        assertEquals(4, new ObjectMapper().readTree(json).get("starts").size(), r.out);
        Cli negative = Cli.run("rosenbrock", "--iterations", "2", "--starts", "-1.5,2;-1,1",
                "--plot", dir.resolve("g.png").toString(), "--width", "200", "--height", "200");
        assertEquals(0, negative.exitCode, negative.toString());
        assertTrue(negative.out.contains("(-1.5, 2)") && negative.out.contains("(-1, 1)"), negative.out);
    }

    @Test
    void badStartsExitWithTwoAndSayWhy() {
        Cli r = Cli.run("rosenbrock", "--starts", "0,0;x,1", "--iterations", "1");
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("--starts") && r.err.contains("'x' is not a number"), r.err);
        Cli twice = Cli.run("rosenbrock", "--starts", "0,0;0,0", "--iterations", "1");
        assertEquals(2, twice.exitCode, twice.toString());
        assertTrue(twice.err.contains("given twice"), twice.err);
    }

    @Test
    void badStartExitsWithTwoAndSaysWhy() {
        Cli r = Cli.run("rosenbrock", "--start", "1;2", "--iterations", "1");
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("--start") && r.err.contains("1;2"), r.err);
        Cli r2 = Cli.run("rosenbrock", "--start", "1,x", "--iterations", "1");
        assertEquals(2, r2.exitCode, r2.toString());
        assertTrue(r2.err.contains("'x' is not a number"), r2.err);
    }

    @Test
    void zeroIterationsIsBadInput() {
        Cli r = Cli.run("rosenbrock", "--iterations", "0");
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("--iterations must be at least 1"), r.err);
    }

    @Test
    void rulesJoinTheComparisonWithTheirOwnGrid(@TempDir Path dir) throws Exception {
        File json = dir.resolve("rules.json").toFile();
        Cli r = Cli.run("rosenbrock", "--iterations", "20", "--rule", "g + 1e-4*w", "--rule", "ld * cd * g",
                "--rule-lrs", "1e-4,1e-3", "--json", json.getPath(), "--plot", dir.resolve("rules.png").toString(),
                "--width", "300", "--height", "200");
        assertEquals(0, r.exitCode, r.toString());
        JsonNode results = new ObjectMapper().readTree(json).get("results");
        assertEquals(8, results.size());
        int rules = 0;
        for (JsonNode o : results) {
            String name = o.get("optimizer").asText();
            if (name.equals("g + 1e-4*w") || name.equals("ld * cd * g")) {
                rules++;
                assertEquals(2, o.get("runs").size(), "the --rule-lrs grid");
            }
        }
        assertEquals(2, rules);
        assertTrue(r.out.contains("ld * cd * g"), r.out);
    }

    @Test
    void aBadRuleExitsWithTwoAndShowsWhere() {
        Cli r = Cli.run("rosenbrock", "--iterations", "5", "--rule", "exp(g");
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("bad rule at position 5"), r.err);
        assertTrue(r.err.contains("exp(g\n       ^"), r.err);
    }
}
