package dev.nos.updater;

import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** A small real network (two dense layers, DOUBLE) and fixed random data for the network tests. */
final class Nets {
    private Nets() {}

    static MultiLayerConfiguration conf(IUpdater updater, List<Regularization> regs) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder()
                .seed(12345).dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER).updater(updater);
        if (regs != null) {
            b.regularization(regs).regularizationBias(regs);
        }
        return b.list()
                .layer(new DenseLayer.Builder().nIn(5).nOut(12).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(12).nOut(3)
                        .activation(Activation.IDENTITY).build())
                .build();
    }

    static MultiLayerNetwork net(IUpdater updater) {
        return net(updater, null);
    }

    static MultiLayerNetwork net(IUpdater updater, List<Regularization> regs) {
        MultiLayerNetwork n = new MultiLayerNetwork(conf(updater, regs));
        n.init();
        return n;
    }

    static DataSet data() {
        Nd4j.getRandom().setSeed(777);
        return new DataSet(Nd4j.randn(DataType.DOUBLE, 32, 5), Nd4j.randn(DataType.DOUBLE, 32, 3));
    }

    static double maxAbsDiff(org.nd4j.linalg.api.ndarray.INDArray a, org.nd4j.linalg.api.ndarray.INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }
}
