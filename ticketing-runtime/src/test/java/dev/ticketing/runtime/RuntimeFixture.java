package dev.ticketing.runtime;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ticketing.runtime.auth.Tokens;
import dev.ticketing.runtime.booking.BatchHooks;
import dev.ticketing.runtime.config.Env;
import dev.ticketing.runtime.config.RuntimeConfig;
import dev.ticketing.runtime.observability.Telemetry;
import dev.ticketing.runtime.sale.SalePlan;
import dev.ticketing.services.SharedServices;

/**
 * A sale of its own (database, topic, Redis prefix) on the JVM's shared real services, with the
 * runtime's init, api and consumer roles running in-process and an HTTP client for its API.
 */
public final class RuntimeFixture implements AutoCloseable {

    public static final String TOKEN_SECRET = "test-secret-test-secret-test-secret-0123456789";

    private final Map<String, String> env;
    private final RuntimeConfig config;
    private final SharedServices.Database database;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private TicketingRuntime runtime;
    private URI base;

    private RuntimeFixture(Map<String, String> env, SharedServices.Database database) {
        this.env = Map.copyOf(env);
        this.config = RuntimeConfig.from(new Env(env));
        this.database = database;
    }

    public static RuntimeFixture create(String purpose, SalePlan plan, Map<String, String> overrides) {
        SharedServices.startAll();
        SharedServices.Database database = SharedServices.newDatabase(purpose);
        Map<String, String> env = new HashMap<>();
        env.put("SALE_NAME", SharedServices.uniqueName(purpose));
        env.put("SALE_NAMESPACE", "test");
        env.put("SALE_PLAN", plan.toJson());
        env.put("KAFKA_BOOTSTRAP_SERVERS", SharedServices.kafkaBootstrapServers());
        env.put("KAFKA_PARTITIONS", "8");
        env.put("REDIS_URL", SharedServices.redisUrl());
        env.put("POSTGRES_JDBC_URL", database.jdbcUrl());
        env.put("POSTGRES_USER", database.user());
        env.put("POSTGRES_PASSWORD", database.password());
        env.put("HTTP_PORT", "0");
        env.put("AUTH_TOKEN_SECRET", TOKEN_SECRET);
        env.put("AUTH_PASSWORD_HASH_ITERATIONS", "1000");
        // Tests play many buyers from one address and book fast; the limits' own tests set them.
        env.putAll(dev.ticketing.runtime.config.LoadTesting.UNLIMITED);
        // A shared 2-core CI machine can stall the in-JVM broker past production's 5 s; the tests about the
        // timeout itself set their own.
        env.put("KAFKA_ACK_TIMEOUT_MS", "30000");
        env.putAll(overrides);
        var fixture = new RuntimeFixture(env, database);
        TicketingRuntime.init(fixture.config);
        return fixture;
    }

    /** The same sale name, database, topic prefix and Redis in another namespace: a second tenant's sale, initialised. */
    public RuntimeFixture inNamespace(String namespace) {
        Map<String, String> sibling = new HashMap<>(env);
        sibling.put("SALE_NAMESPACE", namespace);
        sibling.remove("KAFKA_TOPIC");
        sibling.remove("KAFKA_CONSUMER_GROUP");
        var fixture = new RuntimeFixture(sibling, database);
        TicketingRuntime.init(fixture.config);
        return fixture;
    }

    public static RuntimeFixture start(String purpose, SalePlan plan) {
        return create(purpose, plan, Map.of()).startRuntime(EnumSet.of(Role.API, Role.CONSUMER), 1, BatchHooks.NONE, null);
    }

    public RuntimeFixture startRuntime(EnumSet<Role> roles, int consumers, BatchHooks hooks, Telemetry telemetry) {
        return startRuntime(roles, consumers, hooks, telemetry, Clock.systemUTC());
    }

    public RuntimeFixture startRuntime(EnumSet<Role> roles, int consumers, BatchHooks hooks, Telemetry telemetry, Clock clock) {
        runtime = TicketingRuntime.start(config, roles, consumers, hooks, telemetry, clock);
        base = URI.create("http://127.0.0.1:" + runtime.port());
        return this;
    }

    /** Another process of the same sale (e.g. a consumer beside the API), configured with overrides. */
    public TicketingRuntime startProcess(EnumSet<Role> roles, int consumers, BatchHooks hooks, Map<String, String> overrides) {
        Map<String, String> processEnv = new HashMap<>(env);
        processEnv.putAll(overrides);
        return TicketingRuntime.start(RuntimeConfig.from(new Env(processEnv)), roles, consumers, hooks, null);
    }

    /** Points the HTTP client at another process of this sale. */
    public void useApiOf(TicketingRuntime process) {
        base = URI.create("http://127.0.0.1:" + process.port());
    }

    public void stopRuntime() {
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
    }

    public RuntimeConfig config() {
        return config;
    }

    public String sale() {
        return config.saleName();
    }

    /** The sale report, as the operator reads it (with the sale's report token). */
    public Response report() {
        return get("/api/v1/sales/" + sale() + "/report", reportToken());
    }

    public String reportToken() {
        return dev.ticketing.runtime.sale.ReportAccess.tokenFor(config.requireTokenSecret());
    }

    public URI uri(String path) {
        return base.resolve(path);
    }

    /** A new buyer's token, as the login endpoint issues it: the account exists (the API refuses unknown ones). */
    public String newBuyer() {
        return newBuyers(1).getFirst();
    }

    /** Many buyers at once (one insert), for tests that race thousands of them. */
    public java.util.List<String> newBuyers(int count) {
        java.util.List<String> tokens = new java.util.ArrayList<>(count);
        UUID[] ids = new UUID[count];
        String[] emails = new String[count];
        for (int i = 0; i < count; i++) {
            ids[i] = UUID.randomUUID();
            emails[i] = "buyer-" + ids[i] + "@example.com";
            tokens.add(new Tokens(TOKEN_SECRET, Duration.ofHours(1), Clock.systemUTC(), id -> true).issue(ids[i]).token());
        }
        try (Connection c = db(); var insert = c.prepareStatement("INSERT INTO accounts (id, email, name, password_hash) "
                + "SELECT id, email, 'Test buyer', 'none' FROM unnest(?::uuid[], ?::text[]) AS a(id, email)")) {
            insert.setArray(1, c.createArrayOf("uuid", ids));
            insert.setArray(2, c.createArrayOf("text", emails));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test buyers", e);
        }
        return tokens;
    }

    public Connection db() throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    }

    public Response post(String path, String token, String body) {
        return post(path, token, body, Map.of());
    }

    public Response post(String path, String token, String body, Map<String, String> headers) {
        var builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        headers.forEach(builder::setHeader);
        return send(builder.build());
    }

    public Response get(String path, String token) {
        var builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return send(builder.build());
    }

    public Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                    r.headers().firstValue("Location").orElse(null), r.body(), r.headers());
        } catch (Exception e) {
            throw new IllegalStateException("request failed: " + request.uri(), e);
        }
    }

    public record Response(int status, String contentType, String location, String body, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    @Override
    public void close() {
        stopRuntime();
    }
}
