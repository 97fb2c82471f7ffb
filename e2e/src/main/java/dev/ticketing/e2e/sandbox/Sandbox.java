package dev.ticketing.e2e.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.ticketing.operator.autoscaling.ScalingPolicy;
import dev.ticketing.runtime.Role;
import dev.ticketing.runtime.TicketingRuntime;
import dev.ticketing.runtime.booking.BatchHooks;
import dev.ticketing.runtime.config.Env;
import dev.ticketing.runtime.config.LoadTesting;
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
    private final ConsumerGroupProbe group;
    private final LocalAutoscaler autoscaler;

    private Sandbox(RuntimeConfig config, TicketingRuntime runtime, ConsumerProcesses consumerProcesses, ConsumerGroupProbe group,
                    LocalAutoscaler autoscaler) {
        this.config = config;
        this.runtime = runtime;
        this.consumerProcesses = consumerProcesses;
        this.group = group;
        this.autoscaler = autoscaler;
    }

    /**
     * The API and {@code consumers} consumers in this process; returns once the consumer group is stable with all of
     * them, as a pre-warmed sale's consumers are when its doors open — not a spike that meets a group still handing
     * partitions between its members.
     */
    public static Sandbox start(String saleName, SalePlan plan, int consumers, Map<String, String> defaults) {
        Map<String, String> env = prepare(saleName, plan, defaults);
        RuntimeConfig config = RuntimeConfig.from(new Env(env));
        TicketingRuntime runtime = TicketingRuntime.start(config, EnumSet.of(Role.API, Role.CONSUMER), consumers, BatchHooks.NONE, null);
        try {
            if (consumers > 0) {
                awaitSettled(config, () -> { }, consumers);
            }
            return new Sandbox(config, runtime, null, null, null);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
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
            awaitSettled(config, processes::requireRunning, consumers.count());
            return new Sandbox(config, api, processes, null, null);
        } catch (RuntimeException e) {
            if (processes != null) {
                processes.close();
            }
            api.close();
            throw e;
        }
    }

    /**
     * The API in this process and consumer processes of {@code millicores} each, started and stopped by the
     * operator's autoscaler under {@code policy}. Without pre-warming it returns once the minimum has settled in
     * the group (warm, as a sale's minimum is); with it, the doors open at the policy's {@code opensAt} whether or
     * not the pre-warmed consumers are ready by then (that is what the lead time is for).
     */
    public static Sandbox startAutoscaled(String saleName, SalePlan plan, ScalingPolicy policy, int millicores,
                                          Optional<CpuLimits> limits, Map<String, String> defaults) {
        Map<String, String> overrides = new HashMap<>(defaults);
        if (policy.opensAt() != null) {
            overrides.put("SALE_OPENS_AT", policy.opensAt().toString());
        }
        Map<String, String> env = prepare(saleName, plan, overrides);
        RuntimeConfig config = RuntimeConfig.from(new Env(env));
        TicketingRuntime api = TicketingRuntime.start(config, EnumSet.of(Role.API));
        ConsumerProcesses processes = null;
        ConsumerGroupProbe group = null;
        try {
            processes = ConsumerProcesses.start(saleName, env, ConsumerProcesses.Shape.of(0, millicores, limits));
            group = new ConsumerGroupProbe(config);
            LocalAutoscaler autoscaler = LocalAutoscaler.start(policy, config, processes, group);
            if (policy.prewarmReplicas() == 0 && processes.count() > 0) {
                awaitSettled(config, processes::requireRunning, processes.count());
            }
            return new Sandbox(config, api, processes, group, autoscaler);
        } catch (RuntimeException e) {
            if (group != null) {
                group.close();
            }
            if (processes != null) {
                processes.close();
            }
            api.close();
            throw e;
        }
    }

    /** What the autoscaler wants now, or -1 when the consumers are fixed. */
    public int desiredConsumers() {
        return autoscaler == null ? -1 : autoscaler.desired();
    }

    /** CPU seconds the consumer processes used since they started (NaN when the consumers run in this process). */
    public double consumerCpuSeconds() {
        return consumerProcesses == null ? Double.NaN : consumerProcesses.cpuSeconds();
    }

    /** {@link #consumerCpuSeconds()} per consumer process by its name; empty when the consumers run in this process. */
    public Map<String, Double> consumerCpuSecondsByProcess() {
        return consumerProcesses == null ? Map.of() : consumerProcesses.cpuSecondsByPod();
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
        env.putAll(LoadTesting.UNLIMITED);
        env.putAll(defaults);
        env.putAll(System.getenv());
        TicketingRuntime.init(RuntimeConfig.from(new Env(env)));
        return env;
    }

    /** @param requireRunning throws when a consumer has died, so that it is not waited for */
    private static void awaitSettled(RuntimeConfig config, Runnable requireRunning, int consumers) {
        Instant deadline = Instant.now().plus(CONSUMERS_SETTLE_WITHIN);
        try (ConsumerGroupProbe group = new ConsumerGroupProbe(config)) {
            while (!group.settledWith(consumers)) {
                requireRunning.run();
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the " + consumers + " consumers did not form a stable group within "
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

    /** What opens the sale report, as the operator derives it from the sale's signing key. */
    public String reportToken() {
        return dev.ticketing.runtime.sale.ReportAccess.tokenFor(config.requireTokenSecret());
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
        if (autoscaler != null) {
            autoscaler.close();
        }
        if (group != null) {
            group.close();
        }
        if (consumerProcesses != null) {
            consumerProcesses.close();
        }
        runtime.close();
        deleteTopics();
    }

    /**
     * A sandbox sale's topics go with it: a bench run starts a sandbox per round, and with every round's topics left
     * in the one embedded broker, each spike-1k round's broker cost more than the one before (0.3 to 0.9 ms per ticket
     * within a scenario; 0.15-0.3 with them deleted).
     */
    private void deleteTopics() {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(config.kafkaAdminProperties())) {
            admin.deleteTopics(List.of(config.commandsTopic(), config.dlqTopic())).all().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("sandbox: could not delete the topics of " + config.saleName() + ": " + e);
        }
    }
}
