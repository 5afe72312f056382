package dev.nos.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nos.kubernetes.OptimizerSearch;
import dev.nos.kubernetes.OptimizerSearchSpec;
import dev.nos.kubernetes.Reward;
import dev.nos.kubernetes.SearchPhase;
import dev.nos.kubernetes.TestApiServer;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Grafana dashboard ({@code charts/nos/dashboards/nos-search.json}) against a real Prometheus (Debian's 2.42
 * binary) scraping a real search every second: the operator ({@link NosOperator}, its {@code /metrics} on a free
 * port) and the search's controller pod (run in process by the test's {@link JobRunner}, its {@code /metrics} on a
 * free port found through file-based service discovery) on the test API server, synthetic rewards, workers that take
 * a moment. While the search runs, every PromQL expression of every panel is run as Grafana would (a range query over
 * the search so far, then an instant query), with the dashboard's variables and Grafana's interval variables
 * substituted; a query that errors or returns no data fails the test, naming the panel and the query. The variables'
 * own queries ({@code label_values}) must offer the search's namespace and name. Grafana itself is not run: the
 * panels' rendering is not tested.
 *
 * <p>Skipped without the {@code prometheus} binary or the test API server, unless
 * {@code NOS_PROMETHEUS_TESTS=required} (as {@code .ci/run} sets): then their absence fails it.
 */
class DashboardQueriesTest {
    private static final String NS = "default";
    private static final String SEARCH = "dash";
    private static final Path DASHBOARD = Path.of("..", "charts", "nos", "dashboards", "nos-search.json");
    /** How long the search runs under Prometheus's eye before the queries, in seconds. */
    private static final long OBSERVED_SECONDS = Long.getLong("nos.dashboard.seconds", 30);
    /** Grafana's {@code $__interval} for this test: the query step, one scrape interval. */
    private static final int STEP_SECONDS = 1;
    /** Grafana's {@code $__rate_interval}: max($__interval + scrape interval, 4 scrape intervals) at a 1 s scrape. */
    private static final String RATE_INTERVAL = "4s";

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyPanelQueryReturnsDataFromARealPrometheusScrapingASearch(@TempDir Path tmp) throws Exception {
        boolean required = "required".equals(System.getenv("NOS_PROMETHEUS_TESTS"));
        Path prometheus = prometheusBinary();
        if (prometheus == null) {
            String missing = "no prometheus binary on PATH or at /usr/bin/prometheus (apt-get install prometheus)";
            if (required) {
                fail(missing + ", and NOS_PROMETHEUS_TESTS=required");
            }
            throw new TestAbortedException(missing);
        }
        JsonNode dashboard = json.readTree(DASHBOARD.toFile());
        TestApiServer api;
        try {
            api = TestApiServer.start();
        } catch (TestAbortedException e) {
            if (required) {
                fail(e.getMessage() + ", and NOS_PROMETHEUS_TESTS=required");
            }
            throw e;
        }
        try (api) {
            api.installCrds();
            Path volumes = Files.createDirectories(tmp.resolve("volumes"));
            Path controllers = tmp.resolve("controllers.json");
            Files.writeString(controllers, "[]");
            try (NosOperator operator = NosOperator.start(api.client(), Map.of("NOS_METRICS_PORT", "0"), false);
                 JobRunner kubelet = new JobRunner(api.client(), NS, (job, attempt) -> false, 8, 300)
                         .onControllerMetrics((job, port) -> target(controllers, job, port))
                         .runControllers(NS, sa -> api.clientAs(NS, sa), volumes);
                 Prometheus prom = Prometheus.start(prometheus, tmp, operator.metricsPort(), controllers)) {
                try {
                    observe(api, prom, dashboard);
                } finally { // the controller stops once its search is gone (it looks every 5 s)
                    api.client().resources(OptimizerSearch.class).inNamespace(NS).withName(SEARCH).delete();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (kubelet.controllerExits().isEmpty() && System.nanoTime() < deadline) {
                        Thread.sleep(200);
                    }
                }
            }
        }
    }

    /** Runs the search under Prometheus's eye, then checks the dashboard's queries while it still runs. */
    private void observe(TestApiServer api, Prometheus prom, JsonNode dashboard) throws Exception {
        long began = System.currentTimeMillis() / 1000;
        OptimizerSearchSpec spec = new OptimizerSearchSpec();
        spec.setReward(Reward.SYNTHETIC);
        spec.setSeed(3L);
        spec.setTrials(100_000L); // runs until the test deletes it: the queries see a live search
        spec.setParallelism(3);
        OptimizerSearch search = new OptimizerSearch();
        search.setMetadata(new ObjectMetaBuilder().withName(SEARCH).withNamespace(NS).build());
        search.setSpec(spec);
        api.client().resource(search).inNamespace(NS).create();

        Thread.sleep(TimeUnit.SECONDS.toMillis(OBSERVED_SECONDS));
        OptimizerSearch now = api.client().resources(OptimizerSearch.class).inNamespace(NS).withName(SEARCH)
                .get();
        assertEquals(SearchPhase.Running, now.getStatus().getPhase(), "the search runs while observed: "
                + now.getStatus().getConditions());
        assertTrue(now.getStatus().getTrials().getOk() >= 10, "trials folded: " + now.getStatus().getTrials());

        List<String> problems = new ArrayList<>();
        checkVariables(prom, dashboard, began, problems);
        int queries = checkPanels(prom, dashboard, began, problems);
        if (!problems.isEmpty()) {
            fail(problems.size() + " problems with the dashboard's queries against Prometheus:\n"
                    + String.join("\n", problems) + "\nseries Prometheus holds: "
                    + prom.get("/api/v1/label/__name__/values").path("data"));
        }
        assertTrue(queries >= 10, "the dashboard's panels hold " + queries + " queries");
        System.err.printf("DashboardQueriesTest: %d queries of the dashboard returned data, search observed"
                + " %d s with %s trials folded%n", queries, OBSERVED_SECONDS, now.getStatus().getTrials().getOk());
    }

    /** Each query variable's {@code label_values(selector, label)} offers the search's namespace and name. */
    private void checkVariables(Prometheus prom, JsonNode dashboard, long began, List<String> problems)
            throws Exception {
        Map<String, String> expected = Map.of("namespace", NS, "search", SEARCH);
        boolean datasource = false;
        for (JsonNode v : dashboard.path("templating").path("list")) {
            String name = v.path("name").asText();
            if (v.path("type").asText().equals("datasource")) {
                datasource |= name.equals("datasource") && v.path("query").asText().equals("prometheus");
                continue;
            }
            if (!v.path("type").asText().equals("query")) {
                continue;
            }
            JsonNode q = v.path("query");
            String query = q.isObject() ? q.path("query").asText() : q.asText(); // Grafana 10's object, or a string
            Matcher m = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)").matcher(query.trim());
            if (!m.matches()) {
                problems.add("variable " + name + ": not label_values(selector, label): " + query);
                continue;
            }
            String selector = substitute(m.group(1), began, "variable " + name, problems);
            JsonNode values = prom.get("/api/v1/label/" + m.group(2) + "/values?match[]=" + enc(selector) + "&start="
                    + began + "&end=" + (System.currentTimeMillis() / 1000));
            String want = expected.get(name);
            boolean found = false;
            for (JsonNode value : values.path("data")) {
                found |= value.asText().equals(want);
            }
            if (!found) {
                problems.add("variable " + name + ": " + query + " does not offer '" + want + "': " + values);
            }
        }
        if (!datasource) {
            problems.add("no datasource variable 'datasource' of type prometheus");
        }
    }

    /** Runs each panel's queries as a range query over the search so far, then an instant one; returns how many. */
    private int checkPanels(Prometheus prom, JsonNode dashboard, long began, List<String> problems) throws Exception {
        int queries = 0;
        Set<String> titles = new HashSet<>();
        for (JsonNode panel : panels(dashboard)) {
            String title = "panel '" + panel.path("title").asText() + "'";
            if (!titles.add(title)) {
                problems.add(title + ": two panels have this title (the test names panels by their titles)");
            }
            if (!panel.path("datasource").path("uid").asText().equals("${datasource}")) {
                problems.add(title + ": its datasource is not ${datasource}: " + panel.path("datasource"));
            }
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                if (expr.isBlank()) {
                    continue;
                }
                queries++;
                String what = title + " query " + target.path("refId").asText() + " (" + expr + ")";
                String promql = substitute(expr, began, what, problems);
                long end = System.currentTimeMillis() / 1000;
                JsonNode range = prom.get("/api/v1/query_range?query=" + enc(promql) + "&start=" + began + "&end="
                        + end + "&step=" + STEP_SECONDS);
                if (!range.path("status").asText().equals("success")) {
                    problems.add(what + ": range query failed: " + range.path("error").asText(range.toString()));
                    continue;
                }
                if (!hasNumber(range.path("data").path("result"), "values")) {
                    problems.add(what + ": no data over the search so far (" + promql + ")");
                    continue;
                }
                JsonNode instant = instant(prom, promql);
                if (!instant.path("status").asText().equals("success")) {
                    problems.add(what + ": instant query failed: " + instant.path("error").asText(instant.toString()));
                } else if (instant.path("data").path("result").isEmpty()) {
                    problems.add(what + ": no data now (" + promql + ")");
                }
            }
        }
        return queries;
    }

    /**
     * {@code promql} as an instant query now; asked again for up to 3 s while it returns nothing, as a scrape that
     * came late on this busy machine may leave a short rate window empty for a moment.
     */
    private static JsonNode instant(Prometheus prom, String promql) throws Exception {
        JsonNode r = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            if (attempt > 0) {
                Thread.sleep(1000);
            }
            r = prom.get("/api/v1/query?query=" + enc(promql) + "&time=" + System.currentTimeMillis() / 1000.0);
            if (!r.path("status").asText().equals("success") || !r.path("data").path("result").isEmpty()) {
                return r;
            }
        }
        return r;
    }

    /** The dashboard's panels, those inside rows included. */
    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            if (p.path("type").asText().equals("row")) {
                p.path("panels").forEach(all::add);
            } else {
                all.add(p);
            }
        }
        return all;
    }

    /** Whether some series of a matrix result holds a number (not NaN) among its {@code field} samples. */
    private static boolean hasNumber(JsonNode result, String field) {
        for (JsonNode series : result) {
            for (JsonNode sample : series.path(field)) {
                String v = sample.get(1).asText();
                if (!v.equals("NaN")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * {@code expr} with the dashboard's variables (the test's namespace and search) and Grafana's interval variables
     * put in, as Grafana would for this test's 1 s scrape; a variable it does not know is a problem.
     */
    private static String substitute(String expr, long began, String what, List<String> problems) {
        long range = Math.max(1, System.currentTimeMillis() / 1000 - began);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("namespace", NS);
        values.put("search", SEARCH); // one value, no regex metacharacters: as Grafana puts it in a =~
        values.put("__rate_interval", RATE_INTERVAL);
        values.put("__interval", STEP_SECONDS + "s");
        values.put("__interval_ms", String.valueOf(STEP_SECONDS * 1000));
        values.put("__range", range + "s");
        values.put("__range_s", String.valueOf(range));
        values.put("__range_ms", String.valueOf(range * 1000));
        Matcher m = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)").matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = values.get(name);
            if (value == null) {
                problems.add(what + ": unknown variable $" + name);
                value = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Points Prometheus's file-based discovery at the controller's {@code /metrics} (written whole, then moved). */
    private static void target(Path file, String job, int port) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, "[{\"targets\": [\"127.0.0.1:" + port + "\"], \"labels\": {\"pod\": \"" + job
                    + "\"}}]\n");
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path prometheusBinary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "prometheus"))) {
                return Path.of(dir, "prometheus");
            }
        }
        Path debian = Path.of("/usr/bin/prometheus");
        return Files.isExecutable(debian) ? debian : null;
    }

    /**
     * A Prometheus server of this test's own (its config, its storage in the test's folder, a free port on
     * 127.0.0.1), scraping every second: the operator (as a ServiceMonitor with {@code honorLabels} would, its series
     * keeping their own {@code namespace} label) and the controllers listed in a file-based discovery file.
     */
    private static final class Prometheus implements AutoCloseable {
        private final Process process;
        private final Path log;
        private final int port;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final ObjectMapper json = new ObjectMapper();

        private Prometheus(Process process, Path log, int port) {
            this.process = process;
            this.log = log;
            this.port = port;
        }

        static Prometheus start(Path binary, Path dir, int operatorPort, Path controllers) throws Exception {
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, String.join("\n",
                    "global:",
                    "  scrape_interval: 1s",
                    "  scrape_timeout: 1s",
                    "  evaluation_interval: 1s",
                    "scrape_configs:",
                    "  - job_name: nos-operator",
                    "    honor_labels: true",
                    "    static_configs:",
                    "      - targets: ['127.0.0.1:" + operatorPort + "']",
                    "        labels: {namespace: nos-system, pod: nos-operator}",
                    "  - job_name: nos-controller",
                    "    honor_labels: true",
                    "    file_sd_configs:",
                    "      - files: ['" + controllers + "']",
                    "        refresh_interval: 1s",
                    ""));
            Path log = dir.resolve("prometheus.log");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Process p = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port,
                    "--storage.tsdb.retention.time=1h")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Prometheus prom = new Prometheus(p, log, port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                if (!p.isAlive()) {
                    throw new AssertionError("prometheus exited (" + p.exitValue() + "):\n" + prom.logTail());
                }
                try {
                    HttpResponse<Void> r = prom.http.send(HttpRequest.newBuilder(prom.uri("/-/ready")).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) {
                        return prom;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    prom.close();
                    throw new AssertionError("prometheus not ready in 30 s:\n" + prom.logTail());
                }
                Thread.sleep(200);
            }
        }

        private URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        /** GETs {@code path} of the HTTP API: its JSON, error or not. */
        JsonNode get(String path) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return json.readTree(r.body());
        }

        String logTail() {
            try {
                List<String> lines = Files.readAllLines(log);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
