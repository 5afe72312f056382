package dev.nos.data;

import java.util.Arrays;
import java.util.Random;

/**
 * The fixed split of a training set: a held-out validation set (the paper: 5,000 examples, taken from the
 * TRAINING set, never from the test set), and the sweep's training subset (the paper: 10,000) drawn from
 * the rest. Both are chosen by one seeded shuffle, so the same seed gives the same split. The index arrays
 * say which examples of the source each part holds.
 */
public record DataSplit(LabeledImages train, LabeledImages validation, int[] trainIndices,
                        int[] validationIndices, long seed) {

    /**
     * Shuffles {@code source}'s indices with {@code seed}; the first {@code validationSize} are the
     * validation set, the next {@code trainSize} the training subset.
     */
    public static DataSplit of(LabeledImages source, int validationSize, int trainSize, long seed) {
        if (validationSize <= 0 || trainSize <= 0 || validationSize + trainSize > source.size()) {
            throw new IllegalArgumentException("cannot take " + validationSize + " validation and " + trainSize
                    + " training examples from " + source.size());
        }
        int[] perm = permutation(source.size(), seed);
        int[] val = Arrays.copyOfRange(perm, 0, validationSize);
        int[] tr = Arrays.copyOfRange(perm, validationSize, validationSize + trainSize);
        return new DataSplit(source.subset(tr), source.subset(val), tr, val, seed);
    }

    /** A Fisher-Yates permutation of 0..n-1 from {@code seed}. */
    public static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        Random r = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
