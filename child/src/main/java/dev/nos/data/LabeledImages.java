package dev.nos.data;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Images and their labels as plain arrays: pixels in [0, 1], laid out NCHW (example, channel, row, column),
 * one int label per example. Mini-batches are built straight from these arrays (never through
 * {@code DataSet.batchBy}, which hangs on this DL4J version).
 */
public final class LabeledImages {
    private final float[] pixels;
    private final int[] labels;
    private final int channels;
    private final int height;
    private final int width;
    private final int numClasses;

    public LabeledImages(float[] pixels, int[] labels, int channels, int height, int width, int numClasses) {
        if (channels <= 0 || height <= 0 || width <= 0 || numClasses <= 1) {
            throw new IllegalArgumentException("bad shape: channels " + channels + ", height " + height
                    + ", width " + width + ", classes " + numClasses);
        }
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException("pixels hold " + pixels.length + " values but " + labels.length
                    + " examples of " + channels + "x" + height + "x" + width + " need " + expected);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " of example " + i
                        + " is outside 0.." + (numClasses - 1));
            }
        }
        this.pixels = pixels;
        this.labels = labels;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.numClasses = numClasses;
    }

    public int size() {
        return labels.length;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int numClasses() {
        return numClasses;
    }

    /** Values per example: channels * height * width. */
    public int exampleLength() {
        return channels * height * width;
    }

    /** The label of example {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** A copy of the labels. */
    public int[] labels() {
        return labels.clone();
    }

    /** A copy of example {@code i}'s pixels. */
    public float[] pixels(int i) {
        int n = exampleLength();
        return Arrays.copyOfRange(pixels, i * n, (i + 1) * n);
    }

    /** The examples at {@code indices}, in that order, as a new set (copies the pixels). */
    public LabeledImages subset(int[] indices) {
        int n = exampleLength();
        float[] p = new float[indices.length * n];
        int[] l = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= size()) {
                throw new IndexOutOfBoundsException("example " + i + " of " + size());
            }
            System.arraycopy(pixels, i * n, p, k * n, n);
            l[k] = labels[i];
        }
        return new LabeledImages(p, l, channels, height, width, numClasses);
    }

    /** The first {@code count} examples. */
    public LabeledImages head(int count) {
        int[] idx = new int[Math.min(count, size())];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        return subset(idx);
    }

    /** Features of examples {@code order[from..to)} as an NCHW INDArray. */
    public INDArray features(int[] order, int from, int to) {
        int n = exampleLength();
        float[] batch = new float[(to - from) * n];
        for (int k = from; k < to; k++) {
            System.arraycopy(pixels, order[k] * n, batch, (k - from) * n, n);
        }
        return Nd4j.create(batch, new long[] {to - from, channels, height, width}, 'c');
    }

    /** One-hot labels of examples {@code order[from..to)}, shape [batch, classes]. */
    public INDArray oneHotLabels(int[] order, int from, int to) {
        float[] batch = new float[(to - from) * numClasses];
        for (int k = from; k < to; k++) {
            batch[(k - from) * numClasses + labels[order[k]]] = 1f;
        }
        return Nd4j.create(batch, new long[] {to - from, numClasses}, 'c');
    }

    /** The identity order 0..size-1. */
    public int[] identityOrder() {
        int[] order = new int[size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        return order;
    }
}
