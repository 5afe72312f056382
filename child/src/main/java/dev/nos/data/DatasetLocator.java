package dev.nos.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a dataset on disk, in this order: the {@code --data DIR} setting (DIR itself or DIR/&lt;name&gt;),
 * the environment variable {@code NOS_DATA} (same two forms), the system folder
 * {@code /usr/share/datasets/<name>/} (Debian's {@code dataset-fashion-mnist} package), then the cache
 * ({@code $NOS_CACHE/datasets/<name>/}, default {@code ~/.cache/nos/datasets/<name>/}). If none holds it,
 * {@link #locate} may download it into the cache; when that fails too the error lists every place looked.
 */
public final class DatasetLocator {
    private final Path dataDir;
    private final Map<String, String> env;
    private final Path systemRoot;
    private final Path home;

    /**
     * @param dataDir    the {@code --data} setting, or null
     * @param env        environment variables (NOS_DATA, NOS_CACHE)
     * @param systemRoot the system datasets root, normally {@code /usr/share/datasets}
     * @param home       the user's home directory
     */
    public DatasetLocator(Path dataDir, Map<String, String> env, Path systemRoot, Path home) {
        this.dataDir = dataDir;
        this.env = env;
        this.systemRoot = systemRoot;
        this.home = home;
    }

    /** The locator for this process: real environment, {@code /usr/share/datasets}, real home. */
    public static DatasetLocator standard(Path dataDir) {
        return new DatasetLocator(dataDir, System.getenv(), Path.of("/usr/share/datasets"),
                Path.of(System.getProperty("user.home")));
    }

    /** The cache folder for {@code spec}. */
    public Path cacheDir(DatasetSpec spec) {
        String c = env.get("NOS_CACHE");
        Path root = c != null && !c.isBlank() ? Path.of(c) : home.resolve(".cache").resolve("nos");
        return root.resolve("datasets").resolve(spec.name());
    }

    /** Every folder looked in, in order. */
    public List<Path> candidates(DatasetSpec spec) {
        LinkedHashSet<Path> c = new LinkedHashSet<>();
        if (dataDir != null) {
            c.add(dataDir);
            c.add(dataDir.resolve(spec.name()));
        }
        String nosData = env.get("NOS_DATA");
        if (nosData != null && !nosData.isBlank()) {
            c.add(Path.of(nosData));
            c.add(Path.of(nosData).resolve(spec.name()));
        }
        if (systemRoot != null) {
            c.add(systemRoot.resolve(spec.name()));
        }
        c.add(cacheDir(spec));
        return new ArrayList<>(c);
    }

    /** The first folder holding the complete dataset, if any. */
    public Optional<Path> find(DatasetSpec spec) {
        return candidates(spec).stream().filter(spec::isCompleteIn).findFirst();
    }

    /**
     * The folder holding the dataset; downloads it into the cache when absent and {@code downloader}
     * is not null.
     */
    public Path locate(DatasetSpec spec, DatasetDownloader downloader) throws DatasetNotFoundException {
        Optional<Path> found = find(spec);
        if (found.isPresent()) {
            return found.get();
        }
        if (downloader == null) {
            throw new DatasetNotFoundException(notFound(spec, "downloading is off"));
        }
        try {
            Path dir = downloader.download(spec, cacheDir(spec));
            if (!spec.isCompleteIn(dir)) {
                throw new IOException("the download did not produce " + spec.requiredFiles());
            }
            return dir;
        } catch (IOException e) {
            String why = "download from " + downloader.baseUrlFor(spec) + " failed: " + describe(e);
            throw new DatasetNotFoundException(notFound(spec, why), e);
        }
    }

    /** Finds or downloads the dataset, then reads it. */
    public ImageDataset load(DatasetSpec spec, DatasetDownloader downloader) throws IOException {
        return spec.load(locate(spec, downloader));
    }

    private String notFound(DatasetSpec spec, String why) {
        StringBuilder b = new StringBuilder();
        b.append("dataset ").append(spec.name()).append(" not found; looked for ")
                .append(String.join(", ", spec.requiredFiles())).append(" in:");
        for (Path p : candidates(spec)) {
            b.append("\n  ").append(p);
        }
        b.append("\n").append(why).append(".\nFix: ").append(spec.installHint())
                .append(", or pass --data DIR (or set NOS_DATA) to a folder holding the files.");
        return b.toString();
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        String s = e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        if (e.getCause() != null && e.getCause() != e && m == null) {
            s += " (" + describe(e.getCause()) + ")";
        }
        return s;
    }
}
