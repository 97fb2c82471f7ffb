package dev.ticketing.operator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The operator's probe and metrics endpoints: {@code /health/live}, {@code /health/ready} and
 * {@code /metrics}. A handful of scrapes and probes, so the JDK server is plenty here.
 */
public final class OperatorHttp implements AutoCloseable {

    private final HttpServer server;

    private OperatorHttp(HttpServer server) {
        this.server = server;
    }

    public static OperatorHttp start(int port, BooleanSupplier live, BooleanSupplier ready, Supplier<String> metrics) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 64);
            server.createContext("/health/live", exchange -> health(exchange, live.getAsBoolean()));
            server.createContext("/health/ready", exchange -> health(exchange, ready.getAsBoolean()));
            server.createContext("/metrics", exchange ->
                    send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return new OperatorHttp(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void health(HttpExchange exchange, boolean up) throws IOException {
        send(exchange, up ? 200 : 503, "application/json", up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(1);
    }
}
