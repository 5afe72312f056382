package dev.nos.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLocatorTest {
    @TempDir
    Path tmp;

    @Test
    void looksInOrderDataEnvSystemCache() throws Exception {
        Path data = tmp.resolve("data");
        Path env = tmp.resolve("env");
        Path system = tmp.resolve("system");
        Path cache = tmp.resolve("cache");
        Map<String, String> vars = Map.of("NOS_DATA", env.toString(), "NOS_CACHE", cache.toString());
        DatasetLocator loc = new DatasetLocator(data, vars, system, tmp.resolve("home"));
        DatasetSpec spec = DatasetSpec.FASHION_MNIST;
        assertEquals(cache.resolve("datasets/fashion-mnist"), loc.cacheDir(spec));

        TestFiles.writeFashion(loc.cacheDir(spec));
        assertEquals(loc.cacheDir(spec), loc.locate(spec, null));
        TestFiles.writeFashion(system.resolve("fashion-mnist"));
        assertEquals(system.resolve("fashion-mnist"), loc.locate(spec, null));
        TestFiles.writeFashion(env.resolve("fashion-mnist"));
        assertEquals(env.resolve("fashion-mnist"), loc.locate(spec, null));
        TestFiles.writeFashion(data);
        assertEquals(data, loc.locate(spec, null));
    }

    @Test
    void defaultCacheIsUnderHome() {
        DatasetLocator loc = new DatasetLocator(null, Map.of(), null, tmp);
        assertEquals(tmp.resolve(".cache/nos/datasets/cifar-10"), loc.cacheDir(DatasetSpec.CIFAR_10));
    }

    @Test
    void withoutDownloaderMissingDataListsPlaces() {
        DatasetLocator loc = new DatasetLocator(null, Map.of(), tmp.resolve("sys"), tmp);
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class,
                () -> loc.locate(DatasetSpec.FASHION_MNIST, null));
        assertTrue(e.getMessage().contains(tmp.resolve("sys/fashion-mnist").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
    }

    @Test
    void readsDebiansFashionMnist() throws Exception {
        Path debian = Path.of("/usr/share/datasets/fashion-mnist");
        // fails, never skips, without the data (.ci/run installs it)
        assertTrue(DatasetSpec.FASHION_MNIST.isCompleteIn(debian),
                "this test reads the real Fashion-MNIST, missing from " + debian + ": "
                        + DatasetSpec.FASHION_MNIST.installHint());
        ImageDataset ds = DatasetSpec.FASHION_MNIST.load(debian);
        assertEquals(60_000, ds.train().size());
        assertEquals(10_000, ds.test().size());
        assertEquals(28, ds.train().height());
        assertEquals(10, ds.train().numClasses());
    }
}
