package dev.ticketing.services;

import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The Kafka, Redis and PostgreSQL every test in a JVM shares. Each starts at most once per JVM, on
 * first use, and stops when the JVM exits. An environment variable naming an external instance
 * replaces the embedded one, so the same suite runs against Kvrocks or a managed PostgreSQL:
 * <ul>
 *   <li>{@value #KAFKA_ENV}: bootstrap servers of an external Kafka</li>
 *   <li>{@value #REDIS_ENV}: {@code redis://host:port} of an external Redis-compatible store</li>
 *   <li>{@value #POSTGRES_ENV}: JDBC URL of an external PostgreSQL database the user may create
 *       databases from, with {@value #POSTGRES_USER_ENV} and {@value #POSTGRES_PASSWORD_ENV}</li>
 * </ul>
 * Tests isolate themselves by topic, key prefix and database ({@link #newDatabase(String)}).
 */
public final class SharedServices {

    public static final String KAFKA_ENV = "TICKETING_TEST_KAFKA_BOOTSTRAP_SERVERS";
    public static final String REDIS_ENV = "TICKETING_TEST_REDIS_URL";
    public static final String POSTGRES_ENV = "TICKETING_TEST_POSTGRES_URL";
    public static final String POSTGRES_USER_ENV = "TICKETING_TEST_POSTGRES_USER";
    public static final String POSTGRES_PASSWORD_ENV = "TICKETING_TEST_POSTGRES_PASSWORD";

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static final Memo<String> KAFKA = new Memo<>(() -> external(KAFKA_ENV)
            .orElseGet(() -> stopAtExit(KafkaService.start()).bootstrapServers()));
    private static final Memo<String> REDIS = new Memo<>(() -> external(REDIS_ENV)
            .orElseGet(() -> stopAtExit(RedisService.start()).url()));
    private static final Memo<PostgresServer> POSTGRES = new Memo<>(() -> external(POSTGRES_ENV)
            .map(url -> new PostgresServer(url, env(POSTGRES_USER_ENV, "postgres"), env(POSTGRES_PASSWORD_ENV, "")))
            .orElseGet(() -> new PostgresServer(stopAtExit(PostgresService.start()).adminJdbcUrl(),
                    PostgresService.USER, PostgresService.PASSWORD)));

    private SharedServices() {
    }

    /** Starts all three in parallel; call it first when a test needs all of them. */
    public static void startAll() {
        // Platform threads: the JVM's virtual-thread scheduler is sized once, at its first virtual thread.
        Thread kafka = Thread.ofPlatform().start(KAFKA::get);
        Thread redis = Thread.ofPlatform().start(REDIS::get);
        POSTGRES.get();
        join(kafka);
        join(redis);
        KAFKA.get();
        REDIS.get();
    }

    public static String kafkaBootstrapServers() {
        return KAFKA.get();
    }

    public static String redisUrl() {
        return REDIS.get();
    }

    /** A new, empty database on the shared PostgreSQL server, named after the caller's purpose. */
    public static Database newDatabase(String purpose) {
        PostgresServer server = POSTGRES.get();
        String name = purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
                + "_" + DATABASES.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 8);
        PostgresService.createDatabase(server.adminJdbcUrl(), server.user(), server.password(), name);
        return new Database(server.jdbcUrlOf(name), server.user(), server.password());
    }

    /** A unique name for topics, key prefixes and sales, so tests sharing a service never collide. */
    public static String uniqueName(String purpose) {
        return purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    public record Database(String jdbcUrl, String user, String password) {
    }

    private record PostgresServer(String adminJdbcUrl, String user, String password) {
        String jdbcUrlOf(String database) {
            int query = adminJdbcUrl.indexOf('?');
            String base = query < 0 ? adminJdbcUrl : adminJdbcUrl.substring(0, query);
            String params = query < 0 ? "" : adminJdbcUrl.substring(query);
            return base.substring(0, base.lastIndexOf('/') + 1) + database + params;
        }
    }

    private static java.util.Optional<String> external(String name) {
        return java.util.Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
    }

    private static String env(String name, String fallback) {
        return external(name).orElse(fallback);
    }

    private static <T extends AutoCloseable> T stopAtExit(T service) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
            } catch (Exception ignored) {
                // the JVM is exiting; nothing useful to do
            }
        }, "stop-" + service.getClass().getSimpleName()));
        return service;
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final class Memo<T> {
        private final Supplier<T> supplier;
        private volatile T value;

        Memo(Supplier<T> supplier) {
            this.supplier = supplier;
        }

        T get() {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    if (value == null) {
                        value = supplier.get();
                    }
                    v = value;
                }
            }
            return v;
        }
    }
}
