package dev.ticketing.e2e.sandbox;

import java.util.EnumSet;
import java.util.HashMap;
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
 * then its API and a consumer pool in this process. Runtime variables in the environment win.
 */
public final class Sandbox implements AutoCloseable {

    /** A development secret: the sandbox mints buyer tokens with it, so it must never reach production. */
    static final String TOKEN_SECRET = "local-sandbox-secret-do-not-use-in-production-0123456789";

    private final RuntimeConfig config;
    private final TicketingRuntime runtime;

    private Sandbox(RuntimeConfig config, TicketingRuntime runtime) {
        this.config = config;
        this.runtime = runtime;
    }

    public static Sandbox start(String saleName, SalePlan plan, int consumers, Map<String, String> defaults) {
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
        RuntimeConfig config = RuntimeConfig.from(new Env(env));
        TicketingRuntime.init(config);
        return new Sandbox(config, TicketingRuntime.start(config, EnumSet.of(Role.API, Role.CONSUMER), consumers,
                BatchHooks.NONE, null));
    }

    public RuntimeConfig config() {
        return config;
    }

    public int port() {
        return runtime.port();
    }

    @Override
    public void close() {
        runtime.close();
    }
}
