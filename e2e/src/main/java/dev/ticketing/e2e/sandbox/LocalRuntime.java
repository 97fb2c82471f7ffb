package dev.ticketing.e2e.sandbox;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.ticketing.runtime.Role;
import dev.ticketing.runtime.TicketingRuntime;
import dev.ticketing.runtime.config.Env;
import dev.ticketing.runtime.config.RuntimeConfig;
import dev.ticketing.runtime.sale.SalePlan;
import dev.ticketing.services.SharedServices;

/**
 * {@code make run-local}: embedded Kafka, PostgreSQL and Redis, the runtime's init, then the API on
 * http://localhost:8080 with one consumer for the sale {@code demo} (the seed's 1,000-seat layout),
 * until Ctrl-C. Any runtime variable set in the environment (HTTP_PORT, ...) overrides the defaults.
 */
public final class LocalRuntime {

    private LocalRuntime() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("starting embedded Kafka, PostgreSQL and Redis ...");
        SharedServices.startAll();
        SharedServices.Database database = SharedServices.newDatabase("demo");
        Map<String, String> env = new HashMap<>();
        env.put("SALE_NAME", "demo");
        env.put("SALE_NAMESPACE", "local");
        env.put("SALE_PLAN", SalePlan.seedLayout("Demo arena").toJson());
        env.put("KAFKA_BOOTSTRAP_SERVERS", SharedServices.kafkaBootstrapServers());
        env.put("REDIS_URL", SharedServices.redisUrl());
        env.put("POSTGRES_JDBC_URL", database.jdbcUrl());
        env.put("POSTGRES_USER", database.user());
        env.put("POSTGRES_PASSWORD", database.password());
        env.put("AUTH_TOKEN_SECRET", "local-demo-secret-do-not-use-in-production-0123456789");
        env.putAll(System.getenv());
        RuntimeConfig config = RuntimeConfig.from(new Env(env));

        TicketingRuntime.init(config);
        TicketingRuntime runtime = TicketingRuntime.start(config, EnumSet.of(Role.API, Role.CONSUMER));
        System.out.printf("%nticketing runtime for sale 'demo' (1,000 seats) on http://localhost:%d%n", runtime.port());
        System.out.printf("  sale:   curl http://localhost:%d/api/v1/sales/demo%n", runtime.port());
        System.out.printf("  report: curl http://localhost:%d/api/v1/sales/demo/report%n", runtime.port());
        System.out.println("press Ctrl-C to stop");

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.close();
            stopped.countDown();
        }, "stop-runtime"));
        stopped.await();
    }
}
