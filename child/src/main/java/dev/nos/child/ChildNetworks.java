package dev.nos.child;

import dev.nos.updater.RuleUpdater;
import dev.nos.updater.RuleWeightsAccess;
import java.util.List;
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
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the child networks ({@link ChildKind}), initialised from a seed and trained by the given updater: the
 * chains as DL4J {@link MultiLayerNetwork}s, the residual child as a {@link ComputationGraph}. Input is NCHW; the classifier is softmax with cross-entropy. When the
 * updater is a {@link RuleUpdater} whose rule reads the weights, every layer gets {@link RuleWeightsAccess}
 * (batch norm through {@link WeightsHandingBatchNormalization}).
 */
public final class ChildNetworks {
    static {
        OneDnn.ensureEnabled();
    }

    private ChildNetworks() {
    }

    /** A fresh, initialised network of {@code kind} for images of the given shape. */
    public static ChildNetwork build(ChildKind kind, int channels, int height, int width, int classes,
                                    IUpdater updater, long seed) {
        if (kind == ChildKind.RESIDUAL) {
            return new ChildNetwork.Graph(ResidualChild.build(common(updater, seed), channels, height, width, classes,
                    readsWeights(updater)));
        }
        NeuralNetConfiguration.ListBuilder b = common(updater, seed).list();
        boolean hand = readsWeights(updater);
        switch (kind) {
            case PAPER:
                convBnRelu(b, 32, hand);
                convBnRelu(b, 32, hand);
                maxPool(b);
                break;
            case SMALL:
                convBnRelu(b, 8, hand);
                maxPool(b);
                break;
            case LARGE:
                convBnRelu(b, 32, hand);
                convBnRelu(b, 32, hand);
                maxPool(b);
                convBnRelu(b, 64, hand);
                convBnRelu(b, 64, hand);
                maxPool(b);
                b.layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build());
                break;
            default:
                throw new IllegalArgumentException("unknown child kind " + kind);
        }
        b.layer(classifier(classes));
        b.setInputType(InputType.convolutional(height, width, channels));
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return new ChildNetwork.Chain(net);
    }

    /** The settings every child shares: seed, float, the updater, ReLU init, same-size convolutions. */
    private static NeuralNetConfiguration.Builder common(IUpdater updater, long seed) {
        NeuralNetConfiguration.Builder nb = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(updater)
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same);
        if (readsWeights(updater)) {
            nb.regularization(List.of(new RuleWeightsAccess())).regularizationBias(List.of(new RuleWeightsAccess()));
        }
        return nb;
    }

    /** The dense softmax classifier with cross-entropy that ends every child. */
    static OutputLayer classifier(int classes) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(classes).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build();
    }

    /** A batch-norm layer, handing over gamma and beta when the rule reads the weights. */
    static BatchNormalization batchNorm(boolean handWeights) {
        BatchNormalization bn = new BatchNormalization.Builder().build();
        return handWeights ? WeightsHandingBatchNormalization.of(bn) : bn;
    }

    /** Whether the updater runs a rule that reads the weights (then the layers hand them over). */
    static boolean readsWeights(IUpdater updater) {
        return updater instanceof RuleUpdater && ((RuleUpdater) updater).getRule().usesWeights();
    }

    private static void convBnRelu(NeuralNetConfiguration.ListBuilder b, int filters, boolean handWeights) {
        b.layer(new ConvolutionLayer.Builder(3, 3).nOut(filters).stride(1, 1)
                .activation(Activation.IDENTITY).build());
        b.layer(batchNorm(handWeights));
        b.layer(new ActivationLayer.Builder().activation(Activation.RELU).build());
    }

    private static void maxPool(NeuralNetConfiguration.ListBuilder b) {
        b.layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
    }
}
