package dev.ticketing.e2e.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.ticketing.runtime.Role;
import dev.ticketing.runtime.TicketingRuntime;
import dev.ticketing.runtime.booking.BatchHooks;
import dev.ticketing.runtime.config.Env;
import dev.ticketing.runtime.config.RuntimeConfig;
import dev.ticketing.runtime.sale.SalePlan;
import dev.ticketing.services.SharedServices;

/**
 * Everything a sale needs on one machine: embedded Kafka, PostgreSQL and Redis, the runtime's init,
 * then its API in this process and its consumers in this process or as separate (CPU-limited) processes.
 * Runtime variables in the environment win.
 */
public final class Sandbox implements AutoCloseable {

    /** A development secret: the sandbox mints buyer tokens with it, so it must never reach production. */
    static final String TOKEN_SECRET = "local-sandbox-secret-do-not-use-in-production-0123456789";

    private static final Duration CONSUMERS_SETTLE_WITHIN = Duration.ofMinutes(3);

    private final RuntimeConfig config;
    private final TicketingRuntime runtime;
    private final ConsumerProcesses consumerProcesses;

    private Sandbox(RuntimeConfig config, TicketingRuntime runtime, ConsumerProcesses consumerProcesses) {
        this.config = config;
        this.runtime = runtime;
        this.consumerProcesses = consumerProcesses;
    }

    /** The API and {@code consumers} consumers in this process. */
    public static Sandbox start(String saleName, SalePlan plan, int consumers, Map<String, String> defaults) {
        Map<String, String> env = prepare(saleName, plan, defaults);
        RuntimeConfig config = RuntimeConfig.from(new Env(env));
        return new Sandbox(config, TicketingRuntime.start(config, EnumSet.of(Role.API, Role.CONSUMER), consumers,
                BatchHooks.NONE, null), null);
    }

    /**
     * The API in this process and the consumers as processes (pods) of the given shape; returns once the
     * consumer group is stable with all of them.
     */
    public static Sandbox startWithConsumerProcesses(String saleName, SalePlan plan, ConsumerProcesses.Shape consumers,
                                                     Map<String, String> defaults) {
        Map<String, String> env = prepare(saleName, plan, defaults);
        RuntimeConfig config = RuntimeConfig.from(new Env(env));
        TicketingRuntime api = TicketingRuntime.start(config, EnumSet.of(Role.API));
        ConsumerProcesses processes = null;
        try {
            processes = ConsumerProcesses.start(saleName, env, consumers);
            awaitSettled(config, processes, consumers.count());
            return new Sandbox(config, api, processes);
        } catch (RuntimeException e) {
            if (processes != null) {
                processes.close();
            }
            api.close();
            throw e;
        }
    }

    /** Embedded services, a fresh database and the sale's init; returns the runtime's variables. */
    private static Map<String, String> prepare(String saleName, SalePlan plan, Map<String, String> defaults) {
        SharedServices.startAll();
        SharedServices.Database database = SharedServices.newDatabase(saleName);
        Map<String, String> env = new HashMap<>();
        env.put("SALE_NAME", saleName);
        env.put("SALE_NAMESPACE", "local");
        env.put("SALE_PLAN", plan.toJson());
        env.put("KAFKA_BOOTSTRAP_SERVERS", SharedServices.kafkaBootstrapServers());
        env.put("REDIS_URL", SharedServices.redisUrl());
        env.put("POSTGRES_JDBC_URL", database.jdbcUrl());
        env.put("POSTGRES_USER", database.user());
        env.put("POSTGRES_PASSWORD", database.password());
        env.put("AUTH_TOKEN_SECRET", TOKEN_SECRET);
        env.putAll(defaults);
        env.putAll(System.getenv());
        TicketingRuntime.init(RuntimeConfig.from(new Env(env)));
        return env;
    }

    private static void awaitSettled(RuntimeConfig config, ConsumerProcesses processes, int consumers) {
        Instant deadline = Instant.now().plus(CONSUMERS_SETTLE_WITHIN);
        try (ConsumerGroupProbe group = new ConsumerGroupProbe(config)) {
            while (!group.settledWith(consumers)) {
                processes.requireRunning();
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the " + consumers + " consumer processes did not form a stable group within "
                            + CONSUMERS_SETTLE_WITHIN.toSeconds() + " s");
                }
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the consumer processes", e);
        }
    }

    public RuntimeConfig config() {
        return config;
    }

    /** The consumer processes' ids; empty when the consumers run in this process. */
    public List<Long> consumerPids() {
        return consumerProcesses == null ? List.of() : consumerProcesses.pids();
    }

    public int port() {
        return runtime.port();
    }

    @Override
    public void close() {
        if (consumerProcesses != null) {
            consumerProcesses.close();
        }
        runtime.close();
    }
}
