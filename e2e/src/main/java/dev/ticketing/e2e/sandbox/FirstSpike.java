package dev.ticketing.e2e.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.ticketing.runtime.auth.Tokens;
import dev.ticketing.runtime.sale.SalePlan;

/**
 * {@code make spike-local}: the seed's experiment in the sandbox — N buyers each booking one seat of
 * the 1,000-seat layout at the same instant — printing how long the sale took, measured server-side
 * (first accepted booking → last decision) and the sale report. A first measurement; the spike tool
 * of the benchmark issue supersedes it.
 */
public final class FirstSpike {

    private FirstSpike() {
    }

    public static void main(String[] args) throws Exception {
        int buyers = Integer.parseInt(System.getenv().getOrDefault("SPIKE_BUYERS", "1000"));
        int consumers = Integer.parseInt(System.getenv().getOrDefault("SPIKE_CONSUMERS", "1"));
        SalePlan plan = SalePlan.seedLayout("First spike");
        // A warm-up sale first, so that the measured one runs on a JIT-compiled JVM with warm pools.
        try (Sandbox warmUp = Sandbox.start("warmup", plan, consumers, Map.of("HTTP_PORT", "0"))) {
            run(warmUp, plan, buyers, consumers, false);
        }
        try (Sandbox sandbox = Sandbox.start("spike", plan, consumers, Map.of("HTTP_PORT", "0"))) {
            run(sandbox, plan, buyers, consumers, true);
        }
        System.exit(0);
    }

    private static void run(Sandbox sandbox, SalePlan plan, int buyers, int consumers, boolean print) throws Exception {
        String sale = sandbox.config().saleName();
        URI bookings = URI.create("http://127.0.0.1:" + sandbox.port() + "/api/v1/sales/" + sale + "/bookings");
        Tokens tokens = new Tokens(Sandbox.TOKEN_SECRET, Duration.ofHours(1), Clock.systemUTC());
        List<HttpRequest> requests = new ArrayList<>(buyers);
        for (int i = 0; i < buyers; i++) {
            // Spread evenly: buyer i books in subsection (i mod 100), so 1,000 buyers sell out the 1,000 seats.
            String section = plan.sections().get(i % plan.sections().size()).name();
            int subsection = 1 + (i / plan.sections().size()) % 10;
            requests.add(HttpRequest.newBuilder(bookings).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + tokens.issue(UUID.randomUUID()).token())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"section\":\"" + section + "\",\"subsection\":" + subsection
                            + ",\"quantity\":1}")).build());
        }
        HttpClient client = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        long[] acceptNanos = new long[buyers];
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(buyers);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < buyers; i++) {
                int buyer = i;
                pool.submit(() -> {
                    try {
                        start.await();
                        long sent = System.nanoTime();
                        HttpResponse<Void> r = client.send(requests.get(buyer), HttpResponse.BodyHandlers.discarding());
                        acceptNanos[buyer] = System.nanoTime() - sent;
                        statuses.merge(r.statusCode(), 1, Integer::sum);
                    } catch (Exception e) {
                        statuses.merge(-1, 1, Integer::sum);
                    } finally {
                        done.countDown();
                    }
                    return null;
                });
            }
            Instant fired = Instant.now();
            start.countDown();
            done.await(120, TimeUnit.SECONDS);
            Duration responses = Duration.between(fired, Instant.now());
            int accepted = statuses.getOrDefault(202, 0);
            URI report = URI.create("http://127.0.0.1:" + sandbox.port() + "/api/v1/sales/" + sale + "/report");
            String body = "";
            for (int i = 0; i < 600; i++) {
                body = client.send(HttpRequest.newBuilder(report).build(), HttpResponse.BodyHandlers.ofString()).body();
                var json = dev.ticketing.runtime.Json.MAPPER.readTree(body);
                if (json.get("bookingsConfirmed").asLong() + json.get("bookingsFailed").asLong() >= accepted) {
                    break;
                }
                Thread.sleep(100);
            }
            if (!print) {
                return;
            }
            long[] sorted = Arrays.stream(acceptNanos).filter(n -> n > 0).sorted().toArray();
            System.out.printf("%nfirst spike: %d buyers, 1 ticket each, 1,000 seats, %d consumer(s), %d cores%n", buyers,
                    consumers, Runtime.getRuntime().availableProcessors());
            System.out.printf("responses by status: %s%n", new TreeMap<>(statuses));
            System.out.printf("response duration (first request -> last response): %.3f s%n", responses.toNanos() / 1e9);
            System.out.printf("accept latency ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f%n", pct(sorted, 0.50),
                    pct(sorted, 0.95), pct(sorted, 0.99), pct(sorted, 1.0));
            System.out.printf("first accepted -> last decision (server clock): %s%n", firstAcceptToLastDecision(sandbox));
            System.out.printf("server-side booking request time: %s%n", serverSide(client, sandbox, sale));
            System.out.printf("sale report: %s%n", body);
        }
    }

    /** Mean and max of the API's own timer for accepted bookings, to tell server time from client time. */
    private static String serverSide(HttpClient client, Sandbox sandbox, String sale) throws Exception {
        String metrics = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandbox.port() + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        double count = 0;
        double max = 0;
        for (String line : metrics.split("\n")) {
            if (!line.contains("route=\"/api/v1/sales/{sale}/bookings\"") || !line.contains("status=\"202\"")) {
                continue;
            }
            double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            if (line.startsWith("ticketing_http_requests_seconds_sum")) {
                sum = value;
            } else if (line.startsWith("ticketing_http_requests_seconds_count")) {
                count = value;
            } else if (line.startsWith("ticketing_http_requests_seconds_max")) {
                max = value;
            }
        }
        return String.format("mean %.1f ms, max %.1f ms over %.0f requests", 1000 * sum / Math.max(count, 1), 1000 * max, count);
    }

    private static String firstAcceptToLastDecision(Sandbox sandbox) throws Exception {
        var c = sandbox.config();
        try (var db = java.sql.DriverManager.getConnection(c.postgresJdbcUrl(), c.postgresUser(), c.postgresPassword());
             var rs = db.createStatement().executeQuery(
                     "SELECT extract(epoch FROM max(decided_at) - min(accepted_at)) FROM bookings")) {
            rs.next();
            return String.format("%.3f s", rs.getDouble(1));
        }
    }

    private static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
