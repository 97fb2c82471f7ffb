package dev.ticketing.operator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.ticketing.operator.report.ReportToken;
import dev.ticketing.operator.resources.SaleResources;

/**
 * Plays the runtime's report endpoint, which no pod serves in the mock cluster; like the runtime, it answers only
 * requests carrying the token derived from the sale's auth Secret in the cluster.
 */
final class FakeReports implements AutoCloseable {

    private final HttpServer server;
    private final KubernetesClient client;
    private final Map<String, String> reports = new ConcurrentHashMap<>();

    private FakeReports(HttpServer server, KubernetesClient client) {
        this.server = server;
        this.client = client;
    }

    static FakeReports start(KubernetesClient client) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        FakeReports fake = new FakeReports(server, client);
        server.createContext("/", exchange -> {
            // /{namespace}/api/v1/sales/{sale}/report
            String[] parts = exchange.getRequestURI().getPath().split("/");
            boolean report = parts.length == 7 && "report".equals(parts[6]);
            String body = report ? fake.reports.get(parts[5]) : null;
            int status = body == null ? 404 : 200;
            if (report && !fake.authorized(parts[1], parts[5], exchange.getRequestHeaders().getFirst("Authorization"))) {
                status = 401;
                body = "{\"status\":401,\"field\":\"Authorization\"}";
            }
            byte[] bytes = (body == null ? "{}" : body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return fake;
    }

    private boolean authorized(String namespace, String sale, String authorization) {
        Secret auth = client.secrets().inNamespace(namespace).withName(SaleResources.authSecretName(sale)).get();
        Optional<String> expected = auth == null ? Optional.empty() : ReportToken.of(sale, List.of(auth));
        return expected.isPresent() && ("Bearer " + expected.get()).equals(authorization);
    }

    /** All sales share one fake host; the operator substitutes {name} and {namespace} into it. */
    String urlTemplate() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/{namespace}";
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
