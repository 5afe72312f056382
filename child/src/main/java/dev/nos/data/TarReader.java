package dev.nos.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks a gzipped tar archive (commons-compress), enough for the CIFAR-10 tarball: regular files only, written
 * flat (without their folders) into a target directory. Names with ".." are refused. A damaged archive fails with a
 * {@link DatasetFormatException} saying where: a header cut short, an entry or the archive ending early, a bad header.
 */
public final class TarReader {
    private static final int BLOCK = 512;

    private TarReader() {
    }

    /** Extracts every regular file of the .tar.gz into {@code target}, flat; returns the written paths. */
    public static List<Path> extractFlat(Path tarGz, Path target) throws IOException {
        List<Path> written = new ArrayList<>();
        Files.createDirectories(target);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tarGz)), 1 << 16))) {
            long nextHeader = 0;
            TarArchiveEntry entry;
            while ((entry = next(tarGz, tar)) != null) {
                nextHeader = tar.getBytesRead() + (entry.getSize() + BLOCK - 1) / BLOCK * BLOCK;
                if (!entry.isFile()) {
                    continue;
                }
                String name = entry.getName();
                if (name.contains("..")) {
                    throw new DatasetFormatException(tarGz, "refusing entry name " + name);
                }
                Path out = target.resolve(name.substring(name.lastIndexOf('/') + 1));
                try (OutputStream os = Files.newOutputStream(out)) {
                    copy(tarGz, tar, os, entry.getSize());
                }
                written.add(out);
            }
            // the reader takes an archive that stops inside a header for one without end blocks: tell them apart
            long cut = tar.getBytesRead() - nextHeader;
            if (cut > 0 && cut < BLOCK) {
                throw new DatasetFormatException(tarGz, "tar header cut short after " + cut + " bytes");
            }
        }
        return written;
    }

    /** The next entry, or null at the end; skips the rest of the current one. */
    private static TarArchiveEntry next(Path f, TarArchiveInputStream tar) throws IOException {
        try {
            return tar.getNextTarEntry();
        } catch (ZipException e) {
            throw e;
        } catch (IOException e) {
            if (e.getCause() instanceof IllegalArgumentException bad) {
                throw new DatasetFormatException(f, "bad tar header: " + bad.getMessage());
            }
            throw new DatasetFormatException(f, "tar archive ends early");
        }
    }

    private static void copy(Path f, InputStream in, OutputStream out, long n) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = n;
        while (left > 0) {
            int r;
            try {
                r = in.read(buf, 0, (int) Math.min(buf.length, left));
            } catch (ZipException e) {
                throw e;
            } catch (IOException e) {
                r = -1;
            }
            if (r < 0) {
                throw new DatasetFormatException(f, "tar entry ends early, " + left + " bytes missing");
            }
            out.write(buf, 0, r);
            left -= r;
        }
    }
}
