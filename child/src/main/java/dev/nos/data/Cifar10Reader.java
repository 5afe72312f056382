package dev.nos.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CIFAR-10's binary format: each file ({@code data_batch_1.bin} .. {@code data_batch_5.bin},
 * {@code test_batch.bin}) is a run of records, 1 label byte then 3072 pixel bytes (1024 red, 1024 green,
 * 1024 blue, each row-major 32x32) — already NCHW. A length that is not a whole number of records is an
 * error naming the file and its length.
 */
public final class Cifar10Reader {
    public static final int SIDE = 32;
    public static final int CHANNELS = 3;
    public static final int RECORD = 1 + CHANNELS * SIDE * SIDE;
    public static final List<String> TRAIN_FILES = List.of(
            "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    public static final String TEST_FILE = "test_batch.bin";

    private Cifar10Reader() {
    }

    /** Reads and concatenates the given files, in order. */
    public static LabeledImages read(List<Path> files) throws IOException {
        List<byte[]> contents = new ArrayList<>();
        int count = 0;
        for (Path f : files) {
            byte[] b;
            try {
                b = Files.readAllBytes(f);
            } catch (NoSuchFileException e) {
                throw new DatasetFormatException(f, "no such file");
            }
            if (b.length == 0 || b.length % RECORD != 0) {
                throw new DatasetFormatException(f, "length " + b.length + " is not a whole number of "
                        + RECORD + "-byte CIFAR-10 records (1 label byte + 3072 pixel bytes)");
            }
            for (int r = 0; r < b.length / RECORD; r++) {
                int label = b[r * RECORD] & 0xff;
                if (label > 9) {
                    throw new DatasetFormatException(f, "record " + r + " has label " + label + ", not 0..9");
                }
            }
            contents.add(b);
            count += b.length / RECORD;
        }
        int n = RECORD - 1;
        float[] pixels = new float[count * n];
        int[] labels = new int[count];
        int k = 0;
        for (byte[] b : contents) {
            for (int r = 0; r < b.length / RECORD; r++, k++) {
                labels[k] = b[r * RECORD] & 0xff;
                int base = r * RECORD + 1;
                for (int j = 0; j < n; j++) {
                    pixels[k * n + j] = (b[base + j] & 0xff) / 255f;
                }
            }
        }
        return new LabeledImages(pixels, labels, CHANNELS, SIDE, SIDE, 10);
    }

    /** The directory holding the .bin files: {@code dir} itself or its {@code cifar-10-batches-bin}. */
    public static Path batchesDir(Path dir) {
        Path inner = dir.resolve("cifar-10-batches-bin");
        return Files.isRegularFile(inner.resolve(TEST_FILE)) ? inner : dir;
    }
}
