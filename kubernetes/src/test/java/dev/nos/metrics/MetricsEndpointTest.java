package dev.nos.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /metrics} over real HTTP: Prometheus's text format, named as Prometheus names things; a bad port is named. */
class MetricsEndpointTest {

    @Test
    void servesTheRegistryInPrometheusTextFormat() throws Exception {
        PrometheusMeterRegistry registry = MetricsEndpoint.newRegistry();
        Counter.builder("nos.trials").tag("search", "s").register(registry).increment(3);
        try (MetricsEndpoint endpoint = MetricsEndpoint.serve(registry, 0)) {
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics");
            HttpResponse<String> get = http.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, get.statusCode());
            assertTrue(get.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            assertTrue(get.body().contains("nos_trials_total{search=\"s\"} 3.0"), get.body());
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
        }
    }

    @Test
    void thePortComesFromTheEnvironment() {
        assertEquals(MetricsEndpoint.DEFAULT_PORT, MetricsEndpoint.port(Map.of()));
        assertEquals(9100, MetricsEndpoint.port(Map.of("NOS_METRICS_PORT", "9100")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MetricsEndpoint.port(Map.of("NOS_METRICS_PORT", "http")));
        assertTrue(e.getMessage().contains("NOS_METRICS_PORT") && e.getMessage().contains("'http'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MetricsEndpoint.port(Map.of("NOS_METRICS_PORT", "70000")));
    }
}
