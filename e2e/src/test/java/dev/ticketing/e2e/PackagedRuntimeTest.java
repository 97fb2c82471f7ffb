package dev.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.ticketing.runtime.sale.SalePlan;
import dev.ticketing.services.SharedServices;

/** The jar users and images run: `java -jar ticketing-runtime.jar init`, then `api consumer`, as separate processes. */
class PackagedRuntimeTest {

    private static final Path JAR = Path.of(System.getProperty("runtime.jar", "../ticketing-runtime/target/ticketing-runtime.jar"));
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final Map<Process, Path> LOGS = new java.util.concurrent.ConcurrentHashMap<>();

    @Test
    void init_then_api_and_consumer_processes_sell_a_seat_and_stop_gracefully() throws Exception {
        SharedServices.startAll();
        SharedServices.Database db = SharedServices.newDatabase("packaged");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> env = new HashMap<>(Map.of(
                "SALE_NAME", SharedServices.uniqueName("packaged"),
                "SALE_PLAN", SalePlan.seedLayout("Packaged").toJson(),
                "KAFKA_BOOTSTRAP_SERVERS", SharedServices.kafkaBootstrapServers(),
                "REDIS_URL", SharedServices.redisUrl(),
                "POSTGRES_JDBC_URL", db.jdbcUrl(),
                "POSTGRES_USER", db.user(),
                "POSTGRES_PASSWORD", db.password(),
                "HTTP_PORT", String.valueOf(port),
                "AUTH_TOKEN_SECRET", "packaged-test-secret-packaged-test-secret-0123",
                "AUTH_PASSWORD_HASH_ITERATIONS", "1000"));

        Process init = start(env, "init");
        assertThat(init.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(init.exitValue()).as(output(init)).isZero();

        Process server = start(env, "api", "consumer");
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI base = URI.create("http://127.0.0.1:" + port);
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                    http.send(HttpRequest.newBuilder(base.resolve("/health/ready")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
            post(http, base, "/api/v1/auth/register", null, "{\"email\":\"p@example.com\",\"password\":\"password1\",\"name\":\"P\"}");
            String token = post(http, base, "/api/v1/auth/login", null, "{\"email\":\"p@example.com\",\"password\":\"password1\"}")
                    .replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
            String booking = post(http, base, "/api/v1/sales/" + env.get("SALE_NAME") + "/bookings", token,
                    "{\"section\":\"J\",\"subsection\":10,\"quantity\":4}");
            String id = booking.replaceAll(".*\"bookingId\":\"([^\"]+)\".*", "$1");
            await().atMost(Duration.ofSeconds(30)).until(() -> http.send(HttpRequest.newBuilder(base.resolve("/api/v1/bookings/" + id))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body()
                    .contains("\"status\":\"pending_payment\""));
        } finally {
            server.destroy();
        }
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    }

    @Test
    void an_invalid_setting_stops_the_process_with_one_clear_line() throws Exception {
        Process p = start(Map.of("SALE_NAME", "x", "HTTP_PORT", "eighty"), "api");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(output(p).strip()).isEqualTo("ticketing-runtime: HTTP_PORT must be an integer, got 'eighty'");
    }

    private static Process start(Map<String, String> env, String... roles) throws Exception {
        assertThat(JAR).as("run `make build` first").exists();
        File log = Files.createTempFile("runtime-", ".log").toFile();
        var command = new java.util.ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        command.addAll(List.of(roles));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        LOGS.put(process, log.toPath());
        return process;
    }

    private static String output(Process p) throws Exception {
        return Files.readString(LOGS.get(p), StandardCharsets.UTF_8);
    }

    private static String post(HttpClient http, URI base, String path, String token, String body) throws Exception {
        var builder = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
        return r.body();
    }
}
