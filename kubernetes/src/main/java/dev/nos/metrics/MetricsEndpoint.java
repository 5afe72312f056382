package dev.nos.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Serves a Prometheus registry on {@code GET /metrics} (the text exposition format), from the JDK's own HTTP server:
 * the operator and the controller pod each run one. Our choice of the JDK server over an embedded web framework: one
 * path, scraped every few seconds, needs nothing more.
 */
public final class MetricsEndpoint implements AutoCloseable {
    /** The environment variable naming the port; unset means {@value #DEFAULT_PORT}, 0 means any free port. */
    public static final String PORT_ENV = "NOS_METRICS_PORT";
    public static final int DEFAULT_PORT = 8080;
    public static final String PATH = "/metrics";

    private final PrometheusMeterRegistry registry;
    private final HttpServer server;

    private MetricsEndpoint(PrometheusMeterRegistry registry, HttpServer server) {
        this.registry = registry;
        this.server = server;
    }

    /** A new Prometheus registry, for {@link #serve}. */
    public static PrometheusMeterRegistry newRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /** Serves {@code registry} on {@code port} (0: any free port) of every interface. */
    public static MetricsEndpoint serve(PrometheusMeterRegistry registry, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        MetricsEndpoint endpoint = new MetricsEndpoint(registry, server);
        server.createContext(PATH, endpoint::handle);
        server.setExecutor(null); // the server's own thread: scrapes are rare and short
        server.start();
        return endpoint;
    }

    /** The port from {@value #PORT_ENV} in {@code env}; a value that is not a port is an error naming it. */
    public static int port(Map<String, String> env) {
        String value = env.get(PORT_ENV);
        if (value == null || value.isBlank()) {
            return DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PORT_ENV + ": '" + value + "' is not a port (0 to 65535)");
        }
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, exchange.getRequestMethod().equals("HEAD") ? -1 : body.length);
            if (!exchange.getRequestMethod().equals("HEAD")) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
