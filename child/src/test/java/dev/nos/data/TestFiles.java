package dev.nos.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Writes small dataset files in the real formats for tests. */
final class TestFiles {
    private TestFiles() {
    }

    static byte[] idxImages(int count, int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocate(16 + count * rows * cols);
        b.putInt(IdxReader.IMAGE_MAGIC).putInt(count).putInt(rows).putInt(cols);
        for (int i = 0; i < count * rows * cols; i++) {
            b.put((byte) (i % 256));
        }
        return b.array();
    }

    static byte[] idxLabels(int count) {
        ByteBuffer b = ByteBuffer.allocate(8 + count);
        b.putInt(IdxReader.LABEL_MAGIC).putInt(count);
        for (int i = 0; i < count; i++) {
            b.put((byte) (i % 10));
        }
        return b.array();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(data);
        }
        return bos.toByteArray();
    }

    /** A complete small Fashion-MNIST-like folder: 20 train and 10 test images of 28x28. */
    static void writeFashion(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(idxImages(20, 28, 28)));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(idxLabels(20)));
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(idxImages(10, 28, 28)));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), gzip(idxLabels(10)));
    }

    /** {@code records} CIFAR-10 records; record r has label r % 10 and pixel j = (r + j) % 256. */
    static byte[] cifar(int records) {
        byte[] b = new byte[records * Cifar10Reader.RECORD];
        for (int r = 0; r < records; r++) {
            b[r * Cifar10Reader.RECORD] = (byte) (r % 10);
            for (int j = 0; j < Cifar10Reader.RECORD - 1; j++) {
                b[r * Cifar10Reader.RECORD + 1 + j] = (byte) ((r + j) % 256);
            }
        }
        return b;
    }

    /** A gzipped ustar archive holding the given files (name to content), in map order. */
    static byte[] tarGz(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            byte[] h = new byte[512];
            put(h, 0, e.getKey());
            put(h, 100, "0000644");
            put(h, 108, "0000000");
            put(h, 116, "0000000");
            put(h, 124, String.format("%011o", e.getValue().length));
            put(h, 136, "00000000000");
            h[156] = '0';
            put(h, 257, "ustar");
            h[262] = 0;
            put(h, 263, "00");
            for (int i = 148; i < 156; i++) {
                h[i] = ' ';
            }
            int sum = 0;
            for (byte x : h) {
                sum += x & 0xff;
            }
            put(h, 148, String.format("%06o", sum));
            h[154] = 0;
            tar.write(h);
            tar.write(e.getValue());
            int pad = (512 - e.getValue().length % 512) % 512;
            tar.write(new byte[pad]);
        }
        tar.write(new byte[1024]);
        return gzip(tar.toByteArray());
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }

    static void write(Path file, byte[] data) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream o = Files.newOutputStream(file)) {
            o.write(data);
        }
    }
}
