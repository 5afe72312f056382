package dev.nos.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A minimal reader for (gzipped) ustar archives, enough to unpack the CIFAR-10 tarball: regular files
 * only, written flat (without their folders) into a target directory. Names with ".." are refused.
 */
public final class TarReader {
    private static final int BLOCK = 512;

    private TarReader() {
    }

    /** Extracts every regular file of the .tar.gz into {@code target}, flat; returns the written paths. */
    public static List<Path> extractFlat(Path tarGz, Path target) throws IOException {
        List<Path> written = new ArrayList<>();
        Files.createDirectories(target);
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tarGz)), 1 << 16)) {
            byte[] header = new byte[BLOCK];
            while (true) {
                int got = in.readNBytes(header, 0, BLOCK);
                if (got == 0) {
                    break;
                }
                if (got < BLOCK) {
                    throw new DatasetFormatException(tarGz, "tar header cut short after " + got + " bytes");
                }
                if (isZero(header)) {
                    break;
                }
                String name = text(header, 0, 100);
                String prefix = text(header, 345, 155);
                if (!prefix.isEmpty() && "ustar".equals(text(header, 257, 5))) {
                    name = prefix + "/" + name;
                }
                long size = octal(tarGz, header, 124, 12);
                char type = (char) header[156];
                long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
                if ((type == '0' || type == 0) && !name.endsWith("/")) {
                    if (name.contains("..")) {
                        throw new DatasetFormatException(tarGz, "refusing entry name " + name);
                    }
                    String base = name.substring(name.lastIndexOf('/') + 1);
                    Path out = target.resolve(base);
                    try (OutputStream os = Files.newOutputStream(out)) {
                        copy(tarGz, in, os, size);
                    }
                    skip(tarGz, in, padded - size);
                    written.add(out);
                } else {
                    skip(tarGz, in, padded);
                }
            }
        }
        return written;
    }

    private static void copy(Path f, InputStream in, OutputStream out, long n) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new DatasetFormatException(f, "tar entry ends early, " + left + " bytes missing");
            }
            out.write(buf, 0, r);
            left -= r;
        }
    }

    private static void skip(Path f, InputStream in, long n) throws IOException {
        try {
            in.skipNBytes(n);
        } catch (java.io.EOFException e) {
            throw new DatasetFormatException(f, "tar archive ends early");
        }
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8).trim();
    }

    private static long octal(Path f, byte[] b, int off, int len) throws DatasetFormatException {
        String s = text(b, off, len);
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new DatasetFormatException(f, "bad tar size field '" + s + "'");
        }
    }
}
