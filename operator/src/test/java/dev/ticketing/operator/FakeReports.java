package dev.ticketing.operator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;

/** Plays the runtime's report endpoint, which no pod serves in the mock cluster. */
final class FakeReports implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, String> reports = new ConcurrentHashMap<>();

    private FakeReports(HttpServer server) {
        this.server = server;
    }

    static FakeReports start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        FakeReports fake = new FakeReports(server);
        server.createContext("/api/v1/sales/", exchange -> {
            String[] parts = exchange.getRequestURI().getPath().split("/");
            String body = parts.length == 6 && "report".equals(parts[5]) ? fake.reports.get(parts[4]) : null;
            byte[] bytes = (body == null ? "{}" : body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return fake;
    }

    /** All sales share one fake host; the operator substitutes {name} and {namespace} into it. */
    String urlTemplate() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void serve(String sale, long sold, long total) {
        reports.put(sale, "{\"ticketsTotal\":" + total + ",\"ticketsSold\":" + sold + ",\"bookingsAccepted\":" + sold
                + ",\"bookingsConfirmed\":" + sold + ",\"bookingsFailed\":0,\"selloutSeconds\":"
                + (sold >= total ? "0.42" : "null") + ",\"sellingWindowSeconds\":" + (sold >= total ? "0.3" : "null")
                + ",\"bookingLatencyMs\":{\"p50\":12.5,\"p95\":40.0,\"p99\":80.0,"
                + "\"max\":95.0},\"throughputPerSecond\":2380.9,\"somethingNew\":true}");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
