package dev.ticketing.e2e.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import redis.clients.jedis.Jedis;

import dev.ticketing.e2e.sandbox.Sandbox;
import dev.ticketing.runtime.config.RuntimeConfig;

/**
 * Reads the CPU time of every part of a sandbox sale: the API (this JVM, less the broker's and in-process consumers'
 * threads and the JVM's JIT and GC threads, read on their own), the consumers (threads here, or processes), the Kafka
 * broker (its threads in this JVM), PostgreSQL (the postmaster and all its backends), Redis, and the load generator's
 * process. Two readings make a round's
 * {@link CpuBill}; CPU time per unit of work is far steadier than wall time on a shared machine.
 */
final class CpuMeter {

    /** Threads of the in-JVM Kafka broker (KRaft, combined broker and controller), by the names Kafka 4 gives them. */
    static final Pattern BROKER_THREAD = Pattern.compile("^(data-plane-kafka|kafka-scheduler|kafka-\\d+-|kafka-log-cleaner|"
            + "group-coordinator|share-|ExpirationReaper|transaction-log-manager|raft-|quorum-controller|executor-|"
            + "controller-\\d+-|broker-\\d+-|TxnMarkerSenderThread|ShareGroupDLQSendThread|SensorExpiryThread|"
            + "PersisterStateManager|client-metrics-reaper|metrics-meter-tick|LogDirFailureHandler)");
    /** Consumers running in this JVM: the poll loops, the new consumer protocol's background threads, the sweeper. */
    static final Pattern CONSUMER_THREAD = Pattern.compile("^(booking-consumer-|consumer_background_thread|hold-sweeper)");
    /**
     * An in-process consumer's own thread. Its share of the Kafka client's background threads cannot be told by name
     * (they are all called the same), so per consumer the bill counts the poll loop; consumer processes count whole.
     */
    private static final Pattern POLL_LOOP = Pattern.compile("^booking-consumer-");

    /**
     * CPU seconds so far, per part; NaN where a part cannot be read (e.g. not Linux, or a remote service).
     *
     * @param eachConsumer by consumer: its poll loop's thread here, or its process
     */
    record Reading(double jvm, double jitGc, double broker, double consumerThreads, double consumerProcesses,
                   Map<String, Double> eachConsumer, double postgres, double redis, double generator, double machine) {
    }

    private final Sandbox sandbox;
    private final Optional<ProcessHandle> postgres;
    private final Optional<ProcessHandle> redis;

    CpuMeter(Sandbox sandbox) {
        this.sandbox = sandbox;
        this.postgres = postmaster(sandbox.config());
        this.redis = redisServer(sandbox.config());
    }

    Reading read(ProcessHandle generator) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double broker = 0;
        double consumers = 0;
        Map<String, Double> eachConsumer = new TreeMap<>();
        long[] ids = threads.getAllThreadIds();
        long[] cpu = threads.getThreadCpuTime(ids);
        var infos = threads.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] == null || cpu[i] < 0) {
                continue;
            }
            String name = infos[i].getThreadName();
            if (BROKER_THREAD.matcher(name).find()) {
                broker += cpu[i] / 1e9;
            } else if (CONSUMER_THREAD.matcher(name).find()) {
                consumers += cpu[i] / 1e9;
                if (POLL_LOOP.matcher(name).find()) {
                    eachConsumer.put(name, cpu[i] / 1e9);
                }
            }
        }
        Map<String, Double> processes = sandbox.consumerCpuSecondsByProcess();
        eachConsumer.putAll(processes);
        return new Reading(seconds(ProcessHandle.current()), JvmServiceThreads.cpuSeconds(), broker, consumers,
                processes.values().stream().mapToDouble(Double::doubleValue).sum(), eachConsumer,
                postgres.map(CpuMeter::withDescendants).orElse(Double.NaN), redis.map(CpuMeter::threadSeconds).orElse(Double.NaN),
                seconds(generator), MachineCpu.busySeconds());
    }

    static CpuBill between(Reading a, Reading b) {
        double broker = b.broker() - a.broker();
        double consumerThreads = b.consumerThreads() - a.consumerThreads();
        double jitGc = b.jitGc() - a.jitGc();
        Map<String, Double> eachConsumer = new TreeMap<>();
        b.eachConsumer().forEach((consumer, seconds) ->
                eachConsumer.put(consumer, seconds - a.eachConsumer().getOrDefault(consumer, 0.0)));
        return new CpuBill(b.jvm() - a.jvm() - broker - consumerThreads - (Double.isNaN(jitGc) ? 0 : jitGc), jitGc,
                consumerThreads + b.consumerProcesses() - a.consumerProcesses(), broker, b.postgres() - a.postgres(),
                b.redis() - a.redis(), b.generator() - a.generator(), b.machine() - a.machine(), eachConsumer);
    }

    private static double seconds(ProcessHandle process) {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    private static double withDescendants(ProcessHandle root) {
        return Stream.concat(Stream.of(root), root.descendants()).mapToDouble(CpuMeter::threadSeconds).filter(s -> !Double.isNaN(s))
                .sum();
    }

    /**
     * A server process's CPU to the nanosecond ({@link ThreadClocks}): a Redis that served a small round in 4 ms read 0
     * — or 10 — in the process total's clock ticks. Only for processes whose threads live as long as they do;
     * elsewhere, or without /proc, the process total.
     */
    private static double threadSeconds(ProcessHandle process) {
        try {
            return ThreadClocks.nanos(process.pid(), name -> true) / 1e9;
        } catch (IOException | RuntimeException e) {
            return seconds(process);
        }
    }

    /** The server process behind our connection's backend: PostgreSQL forks one backend per connection. */
    private static Optional<ProcessHandle> postmaster(RuntimeConfig config) {
        try (Connection c = DriverManager.getConnection(config.postgresJdbcUrl(), config.postgresUser(), config.postgresPassword());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return ProcessHandle.of(rs.getLong(1)).flatMap(ProcessHandle::parent);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static Optional<ProcessHandle> redisServer(RuntimeConfig config) {
        try (Jedis jedis = new Jedis(java.net.URI.create(config.redisUrl()))) {
            config.redisPassword().ifPresent(jedis::auth);
            return jedis.info("server").lines().filter(line -> line.startsWith("process_id:")).findFirst()
                    .flatMap(line -> ProcessHandle.of(Long.parseLong(line.substring("process_id:".length()).strip())));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
