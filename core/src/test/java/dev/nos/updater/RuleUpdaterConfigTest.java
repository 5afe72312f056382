package dev.nos.updater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nos.rule.Rule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.IUpdater;

/** Configuration: state sizes, equality (DL4J groups parameters by it), JSON and Java serialisation. */
class RuleUpdaterConfigTest {

    @Test
    void stateSlots() {
        assertEquals(0, new RuleUpdater("g 1 id id keep", 0.1).stateSize(1000));
        assertEquals(1000, new RuleUpdater("sign(g) sign(m) id id mul #0 g exp id mul", 0.1).stateSize(1000));
        assertEquals(2000, new RuleUpdater("adam 1 id id keep", 0.1).stateSize(1000));
        assertEquals(3000, new RuleUpdater("m v id id add #0 gamma id id add", 0.1).stateSize(1000));
        assertEquals(1000, new PowerSign().stateSize(1000));
        assertEquals(1000, new AddSign().stateSize(1000));
    }

    @Test
    void equalsAndHashCode() {
        RuleUpdater a = new RuleUpdater("adam 1 id id keep", 0.1).totalSteps(10).seed(3);
        RuleUpdater b = new RuleUpdater(Rule.parseTokens("adam 1 id id keep"), 0.1).totalSteps(10).seed(3);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a, a.clone());
        assertNotEquals(a, new RuleUpdater("adam 1 id id keep", 0.2).totalSteps(10).seed(3));
        assertNotEquals(a, new RuleUpdater("adam 1 id id keep", 0.1).totalSteps(11).seed(3));
        assertNotEquals(a, new RuleUpdater("adam 1 id id keep", 0.1).totalSteps(10).seed(4));
        assertNotEquals(a, new RuleUpdater("rmsprop 1 id id keep", 0.1).totalSteps(10).seed(3));
        assertEquals(new PowerSign(0.1, 2, 0.9, SignDecay.linear(5)), new PowerSign(0.1, 2, 0.9, SignDecay.linear(5)));
        assertNotEquals(new PowerSign(0.1, 2, 0.9, SignDecay.linear(5)), new PowerSign(0.1, 2, 0.9, SignDecay.cosine(5)));
        assertEquals(new AddSign().hashCode(), new AddSign().clone().hashCode());
    }

    @Test
    void jsonRoundTripThroughMultiLayerConfiguration() {
        for (IUpdater u : List.of(
                new RuleUpdater("ld sign(g) id id mul #0 sign(m) id id mul #1 g exp id mul", 0.05).totalSteps(1000).seed(9),
                new RuleUpdater("g eps id id add #0 1 drop(0.3) id keep", 0.05)
                        .learningRateSchedule(new org.nd4j.linalg.schedule.ExponentialSchedule(
                                org.nd4j.linalg.schedule.ScheduleType.ITERATION, 0.1, 0.99)),
                new PowerSign(0.1, 2.0, 0.8, SignDecay.cosine(100, 2)),
                new AddSign(0.1, 1.5, 0.9, SignDecay.restart(20)))) {
            MultiLayerConfiguration conf = Nets.conf(u, List.of(new RuleWeightsAccess()));
            String json = conf.toJson();
            MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
            IUpdater restored = ((BaseLayer) back.getConf(0).getLayer()).getIUpdater();
            assertEquals(u, restored, json);
            assertEquals(conf, back);
            if (restored instanceof RuleUpdater) {
                assertEquals(((RuleUpdater) u).getRule(), ((RuleUpdater) restored).getRule());
            }
            assertTrue(json.contains("RuleWeightsAccess"));
        }
    }

    @Test
    void javaSerialisation() throws Exception {
        RuleUpdater a = new RuleUpdater("adam 1 id id keep", 0.1).totalSteps(10).seed(3);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(a);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            RuleUpdater b = (RuleUpdater) in.readObject();
            assertEquals(a, b);
            assertEquals(2000, b.stateSize(1000));
        }
    }
}
