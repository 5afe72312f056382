package dev.nos.child;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;

/**
 * The {@code residual} child ({@link ChildKind#RESIDUAL}), ours: a small residual network in the spirit of the Wide
 * ResNet the paper transferred its rules to (Section 5), sized to train on two CPU cores. A 3x3 convolution of
 * {@value #STEM} filters with batch norm and ReLU, then three residual blocks of {@link #WIDTHS} filters with a 2x2
 * max-pool before the second and the third, and the dense softmax classifier. A block is
 * {@code relu(bn(conv(relu(bn(conv(x))))) + shortcut(x))}, the original ResNet's post-activation block; the shortcut
 * is {@code x} itself when the width stays and a 1x1 convolution with batch norm when it grows.
 *
 * <p>Vertex names: {@code stem-conv}, {@code stem-bn}, {@code stem-relu}; for block k = 1..3 {@code bk-1-conv},
 * {@code bk-1-bn}, {@code bk-1-relu}, {@code bk-2-conv}, {@code bk-2-bn}, {@code bk-proj} and {@code bk-projbn}
 * (widening blocks only), {@code bk-add}, {@code bk-out}; {@code pool1}, {@code pool2}; {@code out}.
 */
final class ResidualChild {
    /** Filters of the first convolution. */
    static final int STEM = 16;
    /** Filters of each residual block, widening as the images shrink (as a Wide ResNet's three groups do). */
    static final int[] WIDTHS = {16, 32, 64};

    private ResidualChild() {
    }

    static ComputationGraph build(NeuralNetConfiguration.Builder common, int channels, int height, int width,
                                  int classes, boolean handWeights) {
        ComputationGraphConfiguration.GraphBuilder g = common.graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutional(height, width, channels));
        String x = convBnRelu(g, "stem", "in", STEM, handWeights);
        int in = STEM;
        for (int k = 1; k <= WIDTHS.length; k++) {
            if (k > 1) {
                g.addLayer("pool" + (k - 1), new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2)
                        .stride(2, 2).build(), x);
                x = "pool" + (k - 1);
            }
            x = block(g, "b" + k, x, in, WIDTHS[k - 1], handWeights);
            in = WIDTHS[k - 1];
        }
        g.addLayer("out", ChildNetworks.classifier(classes), x);
        g.setOutputs("out");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    /** One residual block from {@code x} ({@code in} channels) to {@code out} channels; returns its output's name. */
    private static String block(ComputationGraphConfiguration.GraphBuilder g, String name, String x, int in, int out,
                                boolean handWeights) {
        String first = convBnRelu(g, name + "-1", x, out, handWeights);
        g.addLayer(name + "-2-conv", conv(3, out), first);
        g.addLayer(name + "-2-bn", ChildNetworks.batchNorm(handWeights), name + "-2-conv");
        String shortcut = x;
        if (in != out) {
            g.addLayer(name + "-proj", conv(1, out), x);
            g.addLayer(name + "-projbn", ChildNetworks.batchNorm(handWeights), name + "-proj");
            shortcut = name + "-projbn";
        }
        g.addVertex(name + "-add", new ElementWiseVertex(ElementWiseVertex.Op.Add), name + "-2-bn", shortcut);
        g.addLayer(name + "-out", new ActivationLayer.Builder().activation(Activation.RELU).build(), name + "-add");
        return name + "-out";
    }

    /** Convolution ({@code name-conv}), batch norm ({@code name-bn}), ReLU ({@code name-relu}); returns the last. */
    private static String convBnRelu(ComputationGraphConfiguration.GraphBuilder g, String name, String x,
                                     int filters, boolean handWeights) {
        g.addLayer(name + "-conv", conv(3, filters), x);
        g.addLayer(name + "-bn", ChildNetworks.batchNorm(handWeights), name + "-conv");
        g.addLayer(name + "-relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), name + "-bn");
        return name + "-relu";
    }

    private static ConvolutionLayer conv(int size, int filters) {
        return new ConvolutionLayer.Builder(size, size).nOut(filters).stride(1, 1).activation(Activation.IDENTITY)
                .build();
    }
}
