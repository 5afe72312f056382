package dev.nos.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST: gzipped (or plain) files with a big-endian header —
 * magic 2051 then count, rows, columns for images; magic 2049 then count for labels — followed by one
 * unsigned byte per pixel or label. Every mismatch is a {@link DatasetFormatException} naming the file.
 */
public final class IdxReader {
    public static final int IMAGE_MAGIC = 2051;
    public static final int LABEL_MAGIC = 2049;

    private IdxReader() {
    }

    /** Reads an images file and a labels file into one set with pixels scaled to [0, 1]. */
    public static LabeledImages read(Path imagesFile, Path labelsFile, int numClasses) throws IOException {
        byte[] images = readAll(imagesFile);
        byte[] labels = readAll(labelsFile);
        int imageCount = header(imagesFile, images, IMAGE_MAGIC, 16, 0);
        int rows = header(imagesFile, images, IMAGE_MAGIC, 16, 8);
        int cols = header(imagesFile, images, IMAGE_MAGIC, 16, 12);
        int labelCount = header(labelsFile, labels, LABEL_MAGIC, 8, 0);
        if (rows <= 0 || cols <= 0 || imageCount < 0 || labelCount < 0) {
            throw new DatasetFormatException(imagesFile, "impossible dimensions " + imageCount + " x " + rows
                    + " x " + cols);
        }
        long imageBytes = 16L + (long) imageCount * rows * cols;
        checkLength(imagesFile, images.length, imageBytes);
        checkLength(labelsFile, labels.length, 8L + labelCount);
        if (imageCount != labelCount) {
            throw new DatasetFormatException(imagesFile, "counts differ: " + imageCount + " images but "
                    + labelCount + " labels in " + labelsFile);
        }
        float[] pixels = new float[imageCount * rows * cols];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (images[16 + i] & 0xff) / 255f;
        }
        int[] l = new int[labelCount];
        for (int i = 0; i < labelCount; i++) {
            l[i] = labels[8 + i] & 0xff;
            if (l[i] >= numClasses) {
                throw new DatasetFormatException(labelsFile, "label " + l[i] + " of example " + i
                        + " is not below " + numClasses);
            }
        }
        return new LabeledImages(pixels, l, 1, rows, cols, numClasses);
    }

    /** Reads the whole file, un-gzipping it when it starts with the gzip magic. */
    static byte[] readAll(Path file) throws IOException {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DatasetFormatException(file, "no such file");
        }
        if (raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new BufferedInputStream(
                    new java.io.ByteArrayInputStream(raw)), 1 << 16)) {
                return in.readAllBytes();
            } catch (EOFException e) {
                throw new DatasetFormatException(file, "gzip stream ends early (truncated download?)");
            } catch (ZipException e) {
                throw new DatasetFormatException(file, "corrupt gzip data: " + e.getMessage());
            }
        }
        return raw;
    }

    private static int header(Path file, byte[] data, int magic, int headerBytes, int offset)
            throws DatasetFormatException {
        if (data.length >= 4) {
            int found = intAt(data, 0);
            if (found != magic) {
                throw new DatasetFormatException(file, "bad magic number " + found + ", expected " + magic
                        + (magic == IMAGE_MAGIC ? " (IDX images)" : " (IDX labels)"));
            }
        }
        if (data.length < headerBytes) {
            throw new DatasetFormatException(file, "file ends after " + data.length + " of the "
                    + headerBytes + " header bytes");
        }
        return intAt(data, offset == 0 ? 4 : offset);
    }

    private static void checkLength(Path file, long actual, long expected) throws DatasetFormatException {
        if (actual < expected) {
            throw new DatasetFormatException(file, "file ends after " + actual + " of " + expected + " bytes");
        }
        if (actual > expected) {
            throw new DatasetFormatException(file, "file has " + actual + " bytes, " + (actual - expected)
                    + " more than the " + expected + " its header announces");
        }
    }

    private static int intAt(byte[] d, int i) {
        return ((d[i] & 0xff) << 24) | ((d[i + 1] & 0xff) << 16) | ((d[i + 2] & 0xff) << 8) | (d[i + 3] & 0xff);
    }
}
