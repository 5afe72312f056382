package dev.nos.child;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A built child network, whichever DL4J class holds it: a {@link MultiLayerNetwork} for the chains of layers
 * ({@code paper}, {@code small}, {@code large}) or a {@link ComputationGraph} for the {@code residual} child, whose
 * shortcuts a chain cannot express. It offers what training and scoring need of either.
 */
public sealed interface ChildNetwork permits ChildNetwork.Chain, ChildNetwork.Graph {

    /** One update step on a mini-batch (NCHW features, one-hot labels). */
    void fit(INDArray features, INDArray labels);

    /** The DL4J network itself. */
    Model model();

    /** The loss of the last mini-batch. */
    default double score() {
        return model().score();
    }

    /** All parameters as one flat view. */
    default INDArray params() {
        return model().params();
    }

    /** The class probabilities for {@code features}, in inference mode (batch norm uses its running statistics). */
    INDArray output(INDArray features);

    /** Every layer, in the order DL4J holds them. */
    Layer[] layers();

    /** The number of trainable parameters (batch norm's running mean and variance included, as DL4J counts). */
    default long parameterCount() {
        return params().length();
    }

    /** A chain of layers. */
    record Chain(MultiLayerNetwork network) implements ChildNetwork {
        @Override
        public void fit(INDArray features, INDArray labels) {
            network.fit(features, labels);
        }

        @Override
        public Model model() {
            return network;
        }

        @Override
        public INDArray output(INDArray features) {
            return network.output(features, false);
        }

        @Override
        public Layer[] layers() {
            return network.getLayers();
        }
    }

    /** A graph with one input and one output. */
    record Graph(ComputationGraph network) implements ChildNetwork {
        @Override
        public void fit(INDArray features, INDArray labels) {
            network.fit(new INDArray[] {features}, new INDArray[] {labels});
        }

        @Override
        public Model model() {
            return network;
        }

        @Override
        public INDArray output(INDArray features) {
            return network.outputSingle(false, features);
        }

        @Override
        public Layer[] layers() {
            return network.getLayers();
        }
    }
}
