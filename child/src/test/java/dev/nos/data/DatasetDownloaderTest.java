package dev.nos.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads against a local HTTP server on 127.0.0.1 only; never contacts another host. */
class DatasetDownloaderTest {
    @TempDir
    Path tmp;
    private HttpServer server;
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final List<String> requests = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/files/".length());
            synchronized (requests) {
                requests.add(name);
            }
            byte[] body = served.get(name);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream o = exchange.getResponseBody()) {
                    o.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/files/";
    }

    private static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    /** Serves a small Fashion-MNIST-like set and returns a spec with its true MD5s. */
    private DatasetSpec serveSmallIdx(boolean breakOneSum) throws Exception {
        Path src = tmp.resolve("src");
        TestFiles.writeFashion(src);
        List<DatasetSpec.RemoteFile> files = new ArrayList<>();
        for (String f : DatasetSpec.FASHION_MNIST.requiredFiles()) {
            byte[] b = Files.readAllBytes(src.resolve(f));
            served.put(f, b);
            String sum = md5(b);
            if (breakOneSum && f.startsWith("t10k-labels")) {
                sum = "00000000000000000000000000000000";
            }
            files.add(new DatasetSpec.RemoteFile(f, sum, false));
        }
        return new DatasetSpec("tiny", DatasetSpec.Format.IDX, files, "http://invalid.example/", "apt-get install x");
    }

    private DatasetLocator locator() {
        return new DatasetLocator(null, Map.of("NOS_CACHE", tmp.resolve("cache").toString()),
                tmp.resolve("system"), tmp.resolve("home"));
    }

    @Test
    void downloadsVerifiesAndLoads() throws Exception {
        DatasetSpec spec = serveSmallIdx(false);
        DatasetLocator loc = locator();
        ImageDataset ds = loc.load(spec, new DatasetDownloader(base()));
        assertEquals(20, ds.train().size());
        assertEquals(10, ds.test().size());
        Path cache = tmp.resolve("cache/datasets/tiny");
        assertTrue(spec.isCompleteIn(cache));
        try (Stream<Path> s = Files.list(cache)) {
            assertFalse(s.anyMatch(p -> p.toString().endsWith(".part")), "temporary files left behind");
        }
        // a second locate finds the cache and does not download again
        int before = requests.size();
        assertEquals(cache, loc.locate(spec, new DatasetDownloader(base())));
        assertEquals(before, requests.size());
    }

    @Test
    void checksumMismatchDeletesFileAndNamesSums() throws Exception {
        DatasetSpec spec = serveSmallIdx(true);
        String actual = md5(served.get("t10k-labels-idx1-ubyte.gz"));
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class,
                () -> locator().locate(spec, new DatasetDownloader(base())));
        String m = e.getMessage();
        assertTrue(m.contains("checksum mismatch for t10k-labels-idx1-ubyte.gz"), m);
        assertTrue(m.contains("expected MD5 00000000000000000000000000000000, actual " + actual), m);
        Path cache = tmp.resolve("cache/datasets/tiny");
        assertFalse(Files.exists(cache.resolve("t10k-labels-idx1-ubyte.gz")));
        try (Stream<Path> s = Files.list(cache)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().contains("t10k-labels")), "bad file kept");
        }
    }

    @Test
    void notFoundOnServerSaysHttp404() throws Exception {
        DatasetSpec spec = serveSmallIdx(false);
        served.remove("train-labels-idx1-ubyte.gz");
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class,
                () -> locator().locate(spec, new DatasetDownloader(base())));
        assertTrue(e.getMessage().contains("HTTP 404 for " + base() + "train-labels-idx1-ubyte.gz"), e.getMessage());
    }

    @Test
    void noNetworkListsEveryPlaceAndTheFix() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Path dataDir = tmp.resolve("mydata");
        DatasetLocator loc = new DatasetLocator(dataDir, Map.of("NOS_DATA", tmp.resolve("env").toString(),
                "NOS_CACHE", tmp.resolve("cache").toString()), tmp.resolve("system"), tmp.resolve("home"));
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class, () -> loc.locate(
                DatasetSpec.FASHION_MNIST, new DatasetDownloader("http://127.0.0.1:" + closedPort + "/")));
        String m = e.getMessage();
        for (Path p : loc.candidates(DatasetSpec.FASHION_MNIST)) {
            assertTrue(m.contains(p.toString()), "missing place " + p + " in: " + m);
        }
        assertTrue(m.contains(dataDir.toString()) && m.contains(tmp.resolve("system/fashion-mnist").toString()), m);
        assertTrue(m.contains("apt-get install dataset-fashion-mnist"), m);
        assertTrue(m.contains("--data DIR"), m);
        assertTrue(m.contains("download from http://127.0.0.1:" + closedPort + "/ failed"), m);
    }

    @Test
    void cifarTarballIsVerifiedAndUnpacked() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("cifar-10-batches-bin/batches.meta.txt", "airplane\n".getBytes());
        for (String f : Cifar10Reader.TRAIN_FILES) {
            entries.put("cifar-10-batches-bin/" + f, TestFiles.cifar(2));
        }
        entries.put("cifar-10-batches-bin/" + Cifar10Reader.TEST_FILE, TestFiles.cifar(3));
        byte[] tgz = TestFiles.tarGz(entries);
        served.put("cifar-10-binary.tar.gz", tgz);
        DatasetSpec spec = new DatasetSpec("cifar-10", DatasetSpec.Format.CIFAR_BINARY,
                List.of(new DatasetSpec.RemoteFile("cifar-10-binary.tar.gz", md5(tgz), true)),
                "http://invalid.example/", "x");
        ImageDataset ds = locator().load(spec, new DatasetDownloader(base()));
        assertEquals(10, ds.train().size());
        assertEquals(3, ds.test().size());
        assertEquals(3, ds.train().channels());
    }
}
