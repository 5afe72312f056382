package dev.nos.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DataSplitTest {
    private static LabeledImages numbered(int n) {
        float[] px = new float[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            px[i] = i / (float) n;
            labels[i] = i % 3;
        }
        return new LabeledImages(px, labels, 1, 1, 1, 3);
    }

    @Test
    void sameSeedSameSplitOtherSeedOther() {
        LabeledImages src = numbered(1000);
        DataSplit a = DataSplit.of(src, 100, 300, 7);
        DataSplit b = DataSplit.of(src, 100, 300, 7);
        DataSplit c = DataSplit.of(src, 100, 300, 8);
        assertArrayEquals(a.validationIndices(), b.validationIndices());
        assertArrayEquals(a.trainIndices(), b.trainIndices());
        assertFalse(Arrays.equals(a.validationIndices(), c.validationIndices()));
    }

    @Test
    void partsAreDisjointAndSized() {
        LabeledImages src = numbered(1000);
        DataSplit s = DataSplit.of(src, 100, 300, 1);
        assertEquals(100, s.validation().size());
        assertEquals(300, s.train().size());
        Set<Integer> seen = new HashSet<>();
        for (int i : s.validationIndices()) {
            seen.add(i);
        }
        for (int i : s.trainIndices()) {
            assertFalse(seen.contains(i), "example " + i + " is in both parts");
        }
        // the parts hold the source's examples
        int v0 = s.validationIndices()[0];
        assertEquals(src.pixels(v0)[0], s.validation().pixels(0)[0]);
        assertEquals(src.label(v0), s.validation().label(0));
    }

    @Test
    void tooLargeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DataSplit.of(numbered(100), 60, 50, 1));
    }
}
