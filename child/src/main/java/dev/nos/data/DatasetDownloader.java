package dev.nos.data;

import dev.nos.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * Fetches a dataset's official files into a cache directory. Each file is streamed into a temporary file
 * beside its final place while its MD5 is computed; a wrong sum deletes it and fails naming the file, the
 * expected and the actual sum; a right one is moved into place atomically. Archives (.tar.gz) are then
 * unpacked flat into the same directory.
 */
public final class DatasetDownloader {
    private final String baseUrl;
    private final HttpClient client;

    /** @param baseUrl the folder URL the files are under; null means the dataset's official host */
    public DatasetDownloader(String baseUrl) {
        this.baseUrl = baseUrl;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** The base URL used for {@code spec}. */
    public String baseUrlFor(DatasetSpec spec) {
        String b = baseUrl != null ? baseUrl : spec.defaultBaseUrl();
        return b.endsWith("/") ? b : b + "/";
    }

    /** Downloads (and unpacks) every file of {@code spec} into {@code dir}; returns {@code dir}. */
    public Path download(DatasetSpec spec, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (DatasetSpec.RemoteFile f : spec.downloads()) {
            Path target = dir.resolve(f.name());
            if (!Files.isRegularFile(target)) {
                fetch(baseUrlFor(spec) + f.name(), target, f.md5());
            }
            if (f.archive()) {
                Path tmp = Files.createTempDirectory(dir, ".unpack");
                try {
                    for (Path p : TarReader.extractFlat(target, tmp)) {
                        AtomicFiles.move(p, dir.resolve(p.getFileName().toString()));
                    }
                } finally {
                    try (var s = Files.list(tmp)) {
                        for (Path p : (Iterable<Path>) s::iterator) {
                            Files.deleteIfExists(p);
                        }
                    }
                    Files.deleteIfExists(tmp);
                }
            }
        }
        return dir;
    }

    /** Downloads one URL to {@code target}, verifying its MD5. */
    public void fetch(String url, Path target, String expectedMd5) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10)).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + url, e);
        }
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
        try {
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP " + response.statusCode() + " for " + url);
                }
                MessageDigest md5 = md5();
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    byte[] buf = new byte[1 << 16];
                    int r;
                    while ((r = in.read(buf)) >= 0) {
                        md5.update(buf, 0, r);
                        out.write(buf, 0, r);
                    }
                }
                String actual = HexFormat.of().formatHex(md5.digest());
                if (!actual.equalsIgnoreCase(expectedMd5)) {
                    throw new DatasetFormatException(target, "checksum mismatch for " + target.getFileName()
                            + " from " + url + ": expected MD5 " + expectedMd5 + ", actual " + actual
                            + " (file deleted)");
                }
            }
            AtomicFiles.move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 not available", e);
        }
    }

    /** The file names a spec downloads (for messages). */
    static List<String> names(DatasetSpec spec) {
        return spec.downloads().stream().map(DatasetSpec.RemoteFile::name).toList();
    }
}
