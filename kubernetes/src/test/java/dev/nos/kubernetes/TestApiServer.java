package dev.nos.kubernetes;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real Kubernetes API server (1.20.2) and etcd for a test class, started by Fabric8's kube-api-test from the binaries
 * {@code scripts/kube-test-env.sh} builds (offline, in {@code $KUBE_API_TEST_DIR} or {@code ~/.kubeapitest}). Nothing
 * runs pods on it. Where the binaries are missing the tests are skipped; {@code .ci/run} builds them first and fails
 * if it cannot, so CI never skips them.
 */
public final class TestApiServer implements AutoCloseable {
    static final String VERSION = "1.20.2";
    static final List<String> CRDS = List.of("optimizersearches.nos.dev-v1.yml", "trialbatches.nos.dev-v1.yml");

    private final KubeAPIServer server;
    private final KubernetesClient client;
    private final Path kubeconfig;
    private final Path cacheDir;

    private TestApiServer(KubeAPIServer server, String kubeconfigYaml) throws IOException {
        this.server = server;
        this.kubeconfig = Files.createTempFile("nos-kubeconfig", ".yaml");
        Files.writeString(kubeconfig, kubeconfigYaml);
        this.cacheDir = Files.createTempDirectory("nos-kubectl-cache");
        this.client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfigYaml)).build();
    }

    /** The folder holding {@code k8s/1.20.2-linux-amd64/{etcd,kube-apiserver,kubectl}}. */
    static Path binariesDir() {
        String env = System.getenv("KUBE_API_TEST_DIR");
        return env != null ? Path.of(env) : Path.of(System.getProperty("user.home"), ".kubeapitest");
    }

    /** Starts a server, or skips the test when the binaries are not built. */
    public static TestApiServer start() throws IOException {
        Path bin = binariesDir().resolve("k8s").resolve(VERSION + "-linux-amd64");
        assumeTrue(Files.isExecutable(bin.resolve("kube-apiserver")) && Files.isExecutable(bin.resolve("etcd"))
                && Files.isExecutable(bin.resolve("kubectl")), "no test API server in " + bin
                + ": run scripts/kube-test-env.sh");
        KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(binariesDir().toString())
                .withApiServerVersion(VERSION)
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .build());
        server.start();
        return new TestApiServer(server, server.getKubeConfigYaml());
    }

    public KubernetesClient client() {
        return client;
    }

    /** A client holding a real token of the ServiceAccount (from the TokenRequest API), and nothing else. */
    public KubernetesClient clientAs(String namespace, String serviceAccount) {
        TokenRequest request = client.serviceAccounts().inNamespace(namespace).withName(serviceAccount)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build());
        Config admin = client.getConfiguration();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(admin.getMasterUrl())
                .withCaCertData(admin.getCaCertData()).withCaCertFile(admin.getCaCertFile())
                .withTrustCerts(admin.isTrustCerts()).withNamespace(namespace)
                .withOauthToken(request.getStatus().getToken()).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** A kubeconfig file for this server (for kubectl). */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /** kubectl of the test binaries. */
    Path kubectl() {
        return binariesDir().resolve("k8s").resolve(VERSION + "-linux-amd64").resolve("kubectl");
    }

    /** Creates nos's CRDs from {@code crds/} and waits until the server serves them. */
    public void installCrds() throws IOException {
        for (String file : CRDS) {
            try (InputStream in = Files.newInputStream(Path.of("..", "crds", file))) {
                CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
                client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                        .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
                                && c.getStatus().getConditions().stream()
                                .anyMatch(k -> k.getType().equals("Established") && k.getStatus().equals("True")),
                                30, TimeUnit.SECONDS);
            }
        }
    }

    /** Runs kubectl against this server; returns its exit code and output. */
    public Kubectl kubectl(String... args) throws IOException, InterruptedException {
        return kubectlWithInput(null, args);
    }

    /** Runs kubectl with {@code stdin} (or none) as its standard input. */
    public Kubectl kubectlWithInput(String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(kubectl().toString());
        cmd.add("--kubeconfig=" + kubeconfig);
        cmd.add("--cache-dir=" + cacheDir); // a fresh discovery cache: another server may have had this port
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("kubectl " + String.join(" ", args) + " did not finish");
        }
        return new Kubectl(p.exitValue(), out);
    }

    public record Kubectl(int exitCode, String output) {}

    @Override
    public void close() throws IOException {
        client.close();
        server.stop();
        Files.deleteIfExists(kubeconfig);
        try (var files = Files.walk(cacheDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
