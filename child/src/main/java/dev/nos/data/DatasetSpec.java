package dev.nos.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a dataset is called, how it is stored on disk, which files make it complete, and where to fetch
 * them (file names relative to a base URL, each with its official MD5).
 *
 * @param name           folder name under the data and cache roots, e.g. {@code fashion-mnist}
 * @param format         the on-disk format
 * @param downloads      files to fetch; an {@code archive} one is a .tar.gz to unpack
 * @param defaultBaseUrl where the official files live (a download setting may replace it)
 * @param installHint    how a user gets the files without the network
 */
public record DatasetSpec(String name, Format format, List<RemoteFile> downloads, String defaultBaseUrl,
                          String installHint) {

    /** On-disk formats. */
    public enum Format { IDX, CIFAR_BINARY }

    /** One downloadable file and its MD5 (lower-case hex). */
    public record RemoteFile(String name, String md5, boolean archive) {
    }

    /** Fashion-MNIST (the default), MD5s from the official README. */
    public static final DatasetSpec FASHION_MNIST = new DatasetSpec("fashion-mnist", Format.IDX, List.of(
            new RemoteFile("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d", false),
            new RemoteFile("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe", false),
            new RemoteFile("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79", false),
            new RemoteFile("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310", false)),
            "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
            "apt-get install dataset-fashion-mnist");

    /** CIFAR-10, binary version (one tarball). */
    public static final DatasetSpec CIFAR_10 = new DatasetSpec("cifar-10", Format.CIFAR_BINARY, List.of(
            new RemoteFile("cifar-10-binary.tar.gz", "c32a1d4ab5d03f1284b67883e8d87530", true)),
            "https://www.cs.toronto.edu/~kriz/",
            "download cifar-10-binary.tar.gz from https://www.cs.toronto.edu/~kriz/cifar.html and unpack it");

    /** The known datasets by name: {@code fashion-mnist} (default) or {@code cifar-10}. */
    public static DatasetSpec byName(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace("_", "-");
        if (n.equals("fashion-mnist") || n.equals("fashion")) {
            return FASHION_MNIST;
        }
        if (n.equals("cifar-10") || n.equals("cifar10") || n.equals("cifar")) {
            return CIFAR_10;
        }
        throw new IllegalArgumentException("unknown dataset '" + name + "'; known: fashion-mnist, cifar-10");
    }

    /** The files that must exist in a directory for it to hold this dataset. */
    public List<String> requiredFiles() {
        if (format == Format.IDX) {
            return List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                    "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
        }
        List<String> files = new ArrayList<>(Cifar10Reader.TRAIN_FILES);
        files.add(Cifar10Reader.TEST_FILE);
        return files;
    }

    /** Whether {@code dir} holds every required file. */
    public boolean isCompleteIn(Path dir) {
        if (dir == null) {
            return false;
        }
        Path d = format == Format.CIFAR_BINARY ? Cifar10Reader.batchesDir(dir) : dir;
        for (String f : requiredFiles()) {
            if (!Files.isRegularFile(d.resolve(f))) {
                return false;
            }
        }
        return true;
    }

    /** Reads the training and test parts from a complete directory. */
    public ImageDataset load(Path dir) throws IOException {
        if (format == Format.IDX) {
            LabeledImages train = IdxReader.read(dir.resolve("train-images-idx3-ubyte.gz"),
                    dir.resolve("train-labels-idx1-ubyte.gz"), 10);
            LabeledImages test = IdxReader.read(dir.resolve("t10k-images-idx3-ubyte.gz"),
                    dir.resolve("t10k-labels-idx1-ubyte.gz"), 10);
            return new ImageDataset(name, train, test);
        }
        Path d = Cifar10Reader.batchesDir(dir);
        List<Path> trainFiles = new ArrayList<>();
        for (String f : Cifar10Reader.TRAIN_FILES) {
            trainFiles.add(d.resolve(f));
        }
        return new ImageDataset(name, Cifar10Reader.read(trainFiles),
                Cifar10Reader.read(List.of(d.resolve(Cifar10Reader.TEST_FILE))));
    }
}
