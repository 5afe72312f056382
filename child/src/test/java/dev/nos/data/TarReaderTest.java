package dev.nos.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarReaderTest {
    @TempDir
    Path dir;

    private static final byte[] A = bytes(700);
    private static final byte[] B = bytes(100);

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7);
        }
        return b;
    }

    /** A plain tar: folder/a.bin (700 bytes, header at 0, data at 512), folder/b.bin (100 bytes, header at 1536). */
    private static byte[] tar() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("folder/a.bin", A);
        files.put("folder/b.bin", B);
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(TestFiles.tarGz(files)))) {
            return in.readAllBytes();
        }
    }

    private Path write(byte[] tar) throws IOException {
        Path f = dir.resolve("archive.tar.gz");
        Files.write(f, TestFiles.gzip(tar));
        return f;
    }

    private DatasetFormatException fails(byte[] tar) throws IOException {
        Path f = write(tar);
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> TarReader.extractFlat(f, dir.resolve("out")));
        assertEquals(f, e.file());
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        return e;
    }

    @Test
    void extractsRegularFilesFlat() throws IOException {
        Path out = dir.resolve("out");
        List<Path> written = TarReader.extractFlat(write(tar()), out);
        assertEquals(List.of(out.resolve("a.bin"), out.resolve("b.bin")), written);
        assertArrayEquals(A, Files.readAllBytes(out.resolve("a.bin")));
        assertArrayEquals(B, Files.readAllBytes(out.resolve("b.bin")));
    }

    @Test
    void anArchiveWithoutItsEndBlocksIsRead() throws IOException {
        byte[] t = tar();
        assertEquals(2, TarReader.extractFlat(write(Arrays.copyOf(t, t.length - 1024)), dir.resolve("out")).size());
    }

    @Test
    void refusesNamesWithDotDot() throws IOException {
        Path f = dir.resolve("evil.tar.gz");
        Files.write(f, TestFiles.tarGz(Map.of("../evil.bin", B)));
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> TarReader.extractFlat(f, dir.resolve("out")));
        assertTrue(e.getMessage().contains("refusing entry name ../evil.bin"), e.getMessage());
    }

    @Test
    void aCutHeaderIsReported() throws IOException {
        String m = fails(Arrays.copyOf(tar(), 1536 + 100)).getMessage();
        assertTrue(m.contains("tar header cut short after 100 bytes"), m);
    }

    @Test
    void aCutEntryIsReported() throws IOException {
        String m = fails(Arrays.copyOf(tar(), 512 + 300)).getMessage();
        assertTrue(m.contains("tar entry ends early, 400 bytes missing"), m);
    }

    @Test
    void aCutPaddingIsReported() throws IOException {
        String m = fails(Arrays.copyOf(tar(), 512 + 800)).getMessage();
        assertTrue(m.contains("tar archive ends early"), m);
    }

    @Test
    void aBadSizeFieldIsReported() throws IOException {
        byte[] t = tar();
        byte[] size = "0000000z274".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, t, 124, size.length);
        String m = fails(t).getMessage();
        assertTrue(m.contains("bad tar"), m);
    }
}
