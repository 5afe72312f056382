package dev.nos.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nos.child.ChildKind;
import dev.nos.child.Preset;
import dev.nos.data.DatasetSpec;
import dev.nos.trial.TrialRecord;
import dev.nos.trial.TrialRequest;
import dev.nos.trial.TrialStatus;
import dev.nos.rule.Rule;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The final filter re-evaluates a search's top rules on the large child beside the baselines. Real training on
 * Fashion-MNIST (Debian's files), with a preset cut down to seconds: the large child, 300 examples, one rate.
 */
class TransferCheckTest {

    private static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");
    private static final Preset TINY_LARGE = new Preset("tiny-large", 300, List.of(1e-2), 1, 1, 200, 100, ChildKind.LARGE);

    @Test
    void topRulesAndBaselinesAreEvaluatedOnTheLargeChildAndLogged(@TempDir Path dir) throws Exception {
        // fails, never skips (nor tries the network), without the data (.ci/run installs it)
        assertTrue(DatasetSpec.FASHION_MNIST.isCompleteIn(DEBIAN),
                "this test trains on the real Fashion-MNIST, missing from " + DEBIAN + ": "
                        + DatasetSpec.FASHION_MNIST.installHint());
        Rule powerSign = Rule.parseInfix("exp(sign(g) * sign(m)) * g");
        TrialRequest request = TrialRequest.child(7, powerSign, 1, 0, "quick", null, "fashion-mnist", null);
        TrialRecord record = new TrialRecord(7L, powerSign.infix(), powerSign.infix(), powerSign.tokens(), 0.8, 1e-2,
                null, TrialStatus.OK, null, 1.0, 1, "quick", null, null);
        TrialEntry top = new TrialEntry(7, powerSign.infix(), request, record, null, 1, 0L, "ppo", 1, 1, new int[0],
                new double[0]);
        StringWriter out = new StringWriter();
        List<TrialRecord> records = TransferCheck.run(dir, List.of(top), TINY_LARGE, "fashion-mnist", null, 1L,
                new PrintWriter(out), new PrintWriter(new StringWriter()));

        assertEquals(1 + 6, records.size(), "the rule and the six baselines");
        assertEquals(powerSign.tokens(), records.get(0).ruleTokens());
        TrialRecord rule = records.get(0);
        assertEquals(TrialStatus.OK, rule.status(), rule.error());
        assertTrue(rule.reward() > 0.1, "PowerSign learned nothing on the large child: " + rule.reward());
        for (TrialRecord r : records) {
            // one rate on 300 examples: a baseline may diverge there (RMSProp at 1e-2 does), but nothing fails
            assertTrue(r.status() != TrialStatus.FAILED, r.name() + ": " + r.error());
        }
        assertEquals(7, Files.readAllLines(dir.resolve(TransferCheck.FILE)).size(), "one line a record");
        assertTrue(out.toString().contains("Transfer to the large child"), out.toString());
    }
}
