package dev.nos.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10ReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsRecordsAsNchwAcrossFiles() throws Exception {
        Path a = dir.resolve("data_batch_1.bin");
        Path b = dir.resolve("data_batch_2.bin");
        Files.write(a, TestFiles.cifar(3));
        Files.write(b, TestFiles.cifar(2));
        LabeledImages li = Cifar10Reader.read(List.of(a, b));
        assertEquals(5, li.size());
        assertEquals(3, li.channels());
        assertEquals(32, li.height());
        assertEquals(2, li.label(2));
        assertEquals(1, li.label(4)); // second file, record 1
        float[] p = li.pixels(1);
        assertEquals(1 / 255f, p[0], 1e-7); // red (0,0) of record 1
        assertEquals(((1 + 1024) % 256) / 255f, p[1024], 1e-7); // green plane starts at 1024
    }

    @Test
    void wrongLengthNamesFileAndLength() throws Exception {
        Path a = dir.resolve("test_batch.bin");
        byte[] data = TestFiles.cifar(2);
        Files.write(a, Arrays.copyOf(data, data.length - 1));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Cifar10Reader.read(List.of(a)));
        assertTrue(e.getMessage().contains("test_batch.bin"), e.getMessage());
        assertTrue(e.getMessage().contains("length 6145 is not a whole number of 3073-byte"), e.getMessage());
    }

    @Test
    void badLabelIsReported() throws Exception {
        Path a = dir.resolve("data_batch_1.bin");
        byte[] data = TestFiles.cifar(2);
        data[Cifar10Reader.RECORD] = 12;
        Files.write(a, data);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Cifar10Reader.read(List.of(a)));
        assertTrue(e.getMessage().contains("record 1 has label 12"), e.getMessage());
    }
}
