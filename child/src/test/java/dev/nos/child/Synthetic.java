package dev.nos.child;

import dev.nos.data.DataSplit;
import dev.nos.data.LabeledImages;
import java.util.Random;

/** A tiny learnable image task: 8x8 images, 4 classes, class k lights up quadrant k (plus noise). */
final class Synthetic {
    private Synthetic() {
    }

    static LabeledImages images(int n, long seed) {
        Random r = new Random(seed);
        float[] px = new float[n * 64];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(4);
            labels[i] = k;
            int r0 = (k / 2) * 4;
            int c0 = (k % 2) * 4;
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    boolean on = y >= r0 && y < r0 + 4 && x >= c0 && x < c0 + 4;
                    float v = (on ? 0.6f : 0.2f) + 0.25f * (float) r.nextGaussian();
                    px[i * 64 + y * 8 + x] = Math.max(0f, Math.min(1f, v));
                }
            }
        }
        return new LabeledImages(px, labels, 1, 8, 8, 4);
    }

    /** 400 training and 200 validation examples. */
    static DataSplit split() {
        return DataSplit.of(images(600, 42), 200, 400, 3);
    }
}
