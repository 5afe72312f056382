package dev.nos.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsGzippedImagesAndLabels() throws Exception {
        Path img = dir.resolve("i.gz");
        Path lab = dir.resolve("l.gz");
        Files.write(img, TestFiles.gzip(TestFiles.idxImages(3, 2, 4)));
        Files.write(lab, TestFiles.gzip(TestFiles.idxLabels(3)));
        LabeledImages li = IdxReader.read(img, lab, 10);
        assertEquals(3, li.size());
        assertEquals(1, li.channels());
        assertEquals(2, li.height());
        assertEquals(4, li.width());
        assertEquals(2, li.label(2));
        assertEquals(8 / 255f, li.pixels(1)[0], 1e-7);
    }

    @Test
    void readsPlainUncompressedFiles() throws Exception {
        Path img = dir.resolve("i");
        Path lab = dir.resolve("l");
        Files.write(img, TestFiles.idxImages(2, 3, 3));
        Files.write(lab, TestFiles.idxLabels(2));
        assertEquals(2, IdxReader.read(img, lab, 10).size());
    }

    @Test
    void badMagicNamesFileAndNumbers() throws Exception {
        Path img = dir.resolve("imgs.gz");
        Path lab = dir.resolve("labs.gz");
        Files.write(img, TestFiles.gzip(TestFiles.idxLabels(3))); // labels where images belong
        Files.write(lab, TestFiles.gzip(TestFiles.idxLabels(3)));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxReader.read(img, lab, 10));
        assertTrue(e.getMessage().contains("imgs.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("bad magic number 2049, expected 2051"), e.getMessage());
    }

    @Test
    void truncatedFileSaysHowMuchIsThere() throws Exception {
        Path img = dir.resolve("imgs.gz");
        Path lab = dir.resolve("labs.gz");
        byte[] full = TestFiles.idxImages(3, 2, 4);
        Files.write(img, TestFiles.gzip(Arrays.copyOf(full, full.length - 5)));
        Files.write(lab, TestFiles.gzip(TestFiles.idxLabels(3)));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxReader.read(img, lab, 10));
        assertTrue(e.getMessage().contains("imgs.gz: file ends after 35 of 40 bytes"), e.getMessage());
    }

    @Test
    void truncatedGzipStreamIsReported() throws Exception {
        Path img = dir.resolve("imgs.gz");
        Path lab = dir.resolve("labs.gz");
        byte[] gz = TestFiles.gzip(TestFiles.idxImages(50, 28, 28));
        Files.write(img, Arrays.copyOf(gz, gz.length / 2));
        Files.write(lab, TestFiles.gzip(TestFiles.idxLabels(50)));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxReader.read(img, lab, 10));
        assertTrue(e.getMessage().contains("imgs.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void countsMustAgree() throws Exception {
        Path img = dir.resolve("imgs.gz");
        Path lab = dir.resolve("labs.gz");
        Files.write(img, TestFiles.gzip(TestFiles.idxImages(3, 2, 2)));
        Files.write(lab, TestFiles.gzip(TestFiles.idxLabels(4)));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxReader.read(img, lab, 10));
        assertTrue(e.getMessage().contains("counts differ: 3 images but 4 labels"), e.getMessage());
    }

    @Test
    void trailingBytesAreRejected() throws Exception {
        Path img = dir.resolve("imgs");
        Path lab = dir.resolve("labs");
        Files.write(img, TestFiles.idxImages(3, 2, 2));
        Files.write(lab, Arrays.copyOf(TestFiles.idxLabels(3), 12));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxReader.read(img, lab, 10));
        assertTrue(e.getMessage().contains("labs: file has 12 bytes, 1 more than the 11"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> IdxReader.read(dir.resolve("nope.gz"), dir.resolve("l.gz"), 10));
        assertTrue(e.getMessage().contains("nope.gz: no such file"), e.getMessage());
    }
}
