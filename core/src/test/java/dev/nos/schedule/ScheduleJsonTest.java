package dev.nos.schedule;

import dev.nos.rule.Rule;
import dev.nos.updater.RuleUpdater;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** The schedules survive DL4J's own JSON (shaded Jackson) inside a network configuration. */
class ScheduleJsonTest {

    static Stream<ISchedule> schedules() {
        return Stream.of(
                new LinearCosineDecaySchedule(0.01, 1000),
                new LinearCosineDecaySchedule(ScheduleType.EPOCH, 0.02, 50, 1.5, 0.1, 0.002),
                new NoisyLinearCosineDecaySchedule(0.01, 1000, 77),
                new CosineDecaySchedule(ScheduleType.ITERATION, 0.1, 300, 0.05),
                new RestartDecaySchedule(0.1, 300, 20));
    }

    @ParameterizedTest
    @MethodSource("schedules")
    void roundTripsThroughMultiLayerConfigurationJson(ISchedule schedule) {
        for (IUpdater updater : new IUpdater[]{new Adam(schedule), new Sgd(schedule), new Nesterovs(schedule, 0.9),
                new RuleUpdater(Rule.parse("exp(sign(g) * sign(m)) * g"), schedule)}) {
            MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                    .seed(1)
                    .updater(updater)
                    .list()
                    .layer(new DenseLayer.Builder().nIn(4).nOut(3).activation(Activation.RELU).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2)
                            .activation(Activation.SOFTMAX).build())
                    .build();
            String json = conf.toJson();
            assertTrue(json.contains(schedule.getClass().getName()), json);
            MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
            assertEquals(conf, back);
            IUpdater restored = ((BaseLayer) back.getConf(0).getLayer()).getIUpdater();
            ISchedule restoredSchedule = scheduleOf(restored);
            assertEquals(schedule, restoredSchedule);
            for (int i = 0; i < 400; i += 37) {
                assertEquals(schedule.valueAt(i, i / 10), restoredSchedule.valueAt(i, i / 10), 0.0, "step " + i);
            }
        }
    }

    private static ISchedule scheduleOf(IUpdater u) {
        if (u instanceof Adam) {
            return ((Adam) u).getLearningRateSchedule();
        }
        if (u instanceof Sgd) {
            return ((Sgd) u).getLearningRateSchedule();
        }
        if (u instanceof RuleUpdater) {
            return ((RuleUpdater) u).getLearningRateSchedule();
        }
        return ((Nesterovs) u).getLearningRateSchedule();
    }
}
