package dev.nos.child;

import java.util.Locale;

/** Which child network to train. */
public enum ChildKind {
    /**
     * The paper's child: two 3x3 convolutions of 32 filters, each with batch normalization and ReLU, then
     * 2x2 max-pooling and a dense softmax classifier. (A probe found that global average pooling instead of
     * the dense head learns far worse: 0.41 vs 0.85 validation accuracy after one 10k epoch of
     * Fashion-MNIST, so the dense head is used.)
     */
    PAPER,
    /** A smaller CNN for quick searches: one 3x3 convolution of 8 filters, batch norm, ReLU, 2x2 max-pool, dense. */
    SMALL,
    /**
     * A larger child for transfer checks: four 3x3 convolutions (32, 32, 64, 64 filters, each with batch norm
     * and ReLU) in two pooled stages, a dense layer of 128 and the softmax classifier.
     */
    LARGE,
    /**
     * A small residual network for transfer checks, ours ({@link ResidualChild}): a 3x3 convolution of 16 filters,
     * then three residual blocks of 16, 32 and 64 filters with max-pooling between them, and the dense softmax
     * classifier. The paper transferred its rules to a Wide ResNet (Section 5); this is the nearest that trains in
     * minutes on two cores.
     */
    RESIDUAL;

    /** Parses {@code paper}, {@code small}, {@code large} or {@code residual} (any case). */
    public static ChildKind parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown child kind '" + s + "'; known: paper, small, large, residual");
        }
    }
}
