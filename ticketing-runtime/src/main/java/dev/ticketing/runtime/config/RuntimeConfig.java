package dev.ticketing.runtime.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.ticketing.runtime.sale.SaleWindow;

/**
 * Everything the runtime reads from its environment, parsed and validated once at startup.
 * The README's configuration table lists the same variables; keep them in step.
 */
public record RuntimeConfig(
        String saleName,
        String namespace,
        Optional<String> salePlanJson,
        SaleWindow window,
        int maxTicketsPerBuyer,
        Duration hold,
        String kafkaBootstrapServers,
        String commandsTopic,
        String consumerGroup,
        int topicPartitions,
        Duration kafkaAckTimeout,
        int kafkaLingerMs,
        Map<String, String> kafkaClientProperties,
        String redisUrl,
        Optional<String> redisPassword,
        String postgresJdbcUrl,
        String postgresUser,
        String postgresPassword,
        int postgresPoolSize,
        int httpPort,
        int maxBodyBytes,
        int httpMaxConnections,
        Duration httpIdleTimeout,
        Duration httpHeaderTimeout,
        Duration httpBodyTimeout,
        Optional<String> clientAddressHeader,
        Optional<String> tokenSecret,
        Duration tokenTtl,
        boolean publicReport,
        int passwordHashIterations,
        AuthLimits authLimits,
        int bookingRequestsPerMinutePerBuyer,
        int consumerMaxPollRecords,
        Optional<String> otlpEndpoint,
        String otlpProtocol,
        String serviceName) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public static RuntimeConfig fromEnvironment() {
        return from(new Env(System.getenv()));
    }

    public static RuntimeConfig from(Env env) {
        String sale = env.required("SALE_NAME");
        String namespace = env.string("SALE_NAMESPACE", "default");
        requireName("SALE_NAME", sale);
        requireName("SALE_NAMESPACE", namespace);
        String topic = env.string("KAFKA_TOPIC", "ticketing." + namespace + "." + sale + ".commands");
        Optional<String> secret = env.optional("AUTH_TOKEN_SECRET");
        secret.ifPresent(s -> {
            if (s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
                throw new InvalidConfigException("AUTH_TOKEN_SECRET must be at least 32 bytes (HS256 key)");
            }
        });
        return new RuntimeConfig(
                sale,
                namespace,
                env.optional("SALE_PLAN"),
                window(env),
                env.integer("SALE_MAX_TICKETS_PER_BUYER", 8, 0, 10_000),
                Duration.ofSeconds(env.integer("SALE_HOLD_SECONDS", 600, 10, 604_800)),
                env.string("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
                topic,
                env.string("KAFKA_CONSUMER_GROUP", "ticketing." + namespace + "." + sale),
                env.integer("KAFKA_PARTITIONS", 16, 1, 10_000),
                env.millis("KAFKA_ACK_TIMEOUT_MS", 5_000, 100, 120_000),
                env.integer("KAFKA_LINGER_MS", 5, 0, 1_000),
                env.withPrefix("KAFKA_CLIENT_"),
                env.uri("REDIS_URL", "redis://localhost:6379", "redis", "rediss"),
                env.optional("REDIS_PASSWORD"),
                env.string("POSTGRES_JDBC_URL", "jdbc:postgresql://localhost:5432/ticketing"),
                env.string("POSTGRES_USER", "ticketing"),
                env.string("POSTGRES_PASSWORD", ""),
                env.integer("POSTGRES_POOL_SIZE", 16, 1, 500),
                env.integer("HTTP_PORT", 8080, 0, 65_535),
                env.integer("HTTP_MAX_BODY_BYTES", 16_384, 256, 10_485_760),
                env.integer("HTTP_MAX_CONNECTIONS", 10_000, 16, 1_000_000),
                Duration.ofSeconds(env.integer("HTTP_IDLE_TIMEOUT_SECONDS", 120, 1, 3_600)),
                Duration.ofSeconds(env.integer("HTTP_HEADER_TIMEOUT_SECONDS", 10, 1, 300)),
                Duration.ofSeconds(env.integer("HTTP_BODY_TIMEOUT_SECONDS", 10, 1, 300)),
                clientAddressHeader(env),
                secret,
                Duration.ofSeconds(env.integer("AUTH_TOKEN_TTL_SECONDS", 3_600, 60, 7 * 24 * 3_600)),
                "public".equals(env.oneOf("REPORT_ACCESS", "token", "token", "public")),
                env.integer("AUTH_PASSWORD_HASH_ITERATIONS", 210_000, 1_000, 10_000_000),
                new AuthLimits(
                        env.integer("AUTH_HASHING_THREADS", Math.max(1, Runtime.getRuntime().availableProcessors() / 2), 1, 64),
                        env.integer("AUTH_HASHING_QUEUE", 64, 1, 10_000),
                        env.integer("AUTH_LOGINS_PER_MINUTE_PER_ACCOUNT", 10, 0, 100_000),
                        env.integer("AUTH_LOGINS_PER_MINUTE_PER_ADDRESS", perAddress(env, 60), 0, 100_000),
                        env.integer("AUTH_REGISTRATIONS_PER_MINUTE_PER_ADDRESS", perAddress(env, 20), 0, 100_000)),
                env.integer("BOOKING_REQUESTS_PER_MINUTE_PER_BUYER", 30, 0, 100_000),
                env.integer("CONSUMER_MAX_POLL_RECORDS", 2_000, 1, 100_000),
                env.optional("OTEL_EXPORTER_OTLP_ENDPOINT"),
                env.oneOf("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf", "http/protobuf", "grpc"),
                env.string("OTEL_SERVICE_NAME", "ticketing-runtime"));
    }

    /**
     * Password hashing's own threads and queue, and how often one account or one client address may try to log in
     * or register (0 = no limit).
     */
    public record AuthLimits(int hashingThreads, int hashingQueue, int loginsPerMinutePerAccount, int loginsPerMinutePerAddress,
                             int registrationsPerMinutePerAddress) {
    }

    private static Optional<String> clientAddressHeader(Env env) {
        return env.optional("HTTP_CLIENT_ADDRESS_HEADER").filter(h -> !h.isBlank());
    }

    /**
     * Per-address limits are on by default only where the client's address is known: behind an ingress or a proxy
     * without HTTP_CLIENT_ADDRESS_HEADER every buyer seems to come from the proxy, and a default limit would refuse
     * the sale's opening minute to all of them.
     */
    private static int perAddress(Env env, int perMinute) {
        return clientAddressHeader(env).isPresent() ? perMinute : 0;
    }

    private static SaleWindow window(Env env) {
        var opensAt = env.instant("SALE_OPENS_AT").orElse(null);
        var closesAt = env.instant("SALE_CLOSES_AT").orElse(null);
        if (opensAt != null && closesAt != null && !closesAt.isAfter(opensAt)) {
            throw new InvalidConfigException("SALE_CLOSES_AT must be after SALE_OPENS_AT");
        }
        return new SaleWindow(opensAt, closesAt);
    }

    /** The api role signs tokens; it refuses to start without a secret rather than invent one. */
    public String requireTokenSecret() {
        return tokenSecret.orElseThrow(() -> new InvalidConfigException(
                "AUTH_TOKEN_SECRET is required for the api role (at least 32 bytes)"));
    }

    /**
     * The sale's identity in PostgreSQL: namespace and name, as in Kafka and Redis, so same-named sales of two
     * namespaces never share rows. Names are DNS labels, so the slash cannot be part of either.
     */
    public String saleId() {
        return namespace + "/" + saleName;
    }

    public String dlqTopic() {
        return commandsTopic + ".dlq";
    }

    /** What a Kafka admin client of this sale needs: the extra client properties and the bootstrap servers. */
    public Map<String, Object> kafkaAdminProperties() {
        Map<String, Object> props = new java.util.HashMap<>(kafkaClientProperties);
        props.put("bootstrap.servers", kafkaBootstrapServers);
        return props;
    }

    /** Redis key prefix of this sale; the hash tag keeps all of a sale's keys in one cluster slot. */
    public String redisPrefix() {
        return "tk:{" + namespace + "/" + saleName + "}:";
    }

    private static void requireName(String variable, String value) {
        if (!NAME.matcher(value).matches()) {
            throw new InvalidConfigException(variable + " must be a DNS label (lower-case letters, digits, '-'), got '" + value + "'");
        }
    }
}
