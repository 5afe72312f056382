package dev.nos.child;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the child networks ({@link ChildKind}) as DL4J {@link MultiLayerNetwork}s, initialised from a
 * seed and trained by the given updater. Input is NCHW; the classifier is softmax with cross-entropy.
 */
public final class ChildNetworks {
    static {
        OneDnn.ensureEnabled();
    }

    private ChildNetworks() {
    }

    /** A fresh, initialised network of {@code kind} for images of the given shape. */
    public static MultiLayerNetwork build(ChildKind kind, int channels, int height, int width, int classes,
                                         IUpdater updater, long seed) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(updater)
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .list();
        switch (kind) {
            case PAPER:
                convBnRelu(b, 32);
                convBnRelu(b, 32);
                maxPool(b);
                break;
            case SMALL:
                convBnRelu(b, 8);
                maxPool(b);
                break;
            case LARGE:
                convBnRelu(b, 32);
                convBnRelu(b, 32);
                maxPool(b);
                convBnRelu(b, 64);
                convBnRelu(b, 64);
                maxPool(b);
                b.layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build());
                break;
            default:
                throw new IllegalArgumentException("unknown child kind " + kind);
        }
        b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(classes).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build());
        b.setInputType(InputType.convolutional(height, width, channels));
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }

    private static void convBnRelu(NeuralNetConfiguration.ListBuilder b, int filters) {
        b.layer(new ConvolutionLayer.Builder(3, 3).nOut(filters).stride(1, 1)
                .activation(Activation.IDENTITY).build());
        b.layer(new BatchNormalization.Builder().build());
        b.layer(new ActivationLayer.Builder().activation(Activation.RELU).build());
    }

    private static void maxPool(NeuralNetConfiguration.ListBuilder b) {
        b.layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
    }
}
