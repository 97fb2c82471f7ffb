package dev.ticketing.e2e.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Consumer pods on one machine: each a {@code java -jar ticketing-runtime.jar consumer} process with one consumer,
 * limited to its own share of CPU when {@link CpuLimits} are available (otherwise it shares the machine).
 */
public final class ConsumerProcesses implements AutoCloseable {

    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final List<Path> JAR_CANDIDATES = List.of(
            Path.of("ticketing-runtime", "target", "ticketing-runtime.jar"),
            Path.of("..", "ticketing-runtime", "target", "ticketing-runtime.jar"));

    /**
     * What the operator gives a consumer pod by default ({@code spec.runtime.consumer.jvmOptions}); the variable
     * {@code SANDBOX_CONSUMER_JVM_OPTIONS} replaces it here, empty for the JVM's own defaults.
     */
    static final String POD_JVM_OPTIONS = "-XX:TieredStopAtLevel=1";

    /** Consumers as pods: how many, each one's CPU limit (applied only when {@code limits} are present), JVM options. */
    public record Shape(int count, int millicores, String jvmOptions, Optional<CpuLimits> limits) {

        /** With the JVM options consumer pods get ({@link #defaultJvmOptions()}). */
        public static Shape of(int count, int millicores, Optional<CpuLimits> limits) {
            return new Shape(count, millicores, defaultJvmOptions(), limits);
        }

        public Shape withJvmOptions(String options) {
            return new Shape(count, millicores, options.strip(), limits);
        }
    }

    /** Consumers outlive nothing: whatever ends this JVM (Ctrl-C, a stalled round's exit) ends them too. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "stop-consumer-processes"));
    }

    /** One consumer pod: its process, its CPU group (when limited) and its output. */
    private record Pod(String name, Process process, CpuLimits.Group group, Path log) {
    }

    private final String name;
    private final Map<String, String> env;
    private final Shape shape;
    private final List<Pod> running = new ArrayList<>();
    private final List<Pod> stopping = new ArrayList<>();
    /** Each stopped pod's last CPU reading before SIGTERM, by pod name. */
    private final java.util.Map<String, Double> stoppedCpuSeconds = new java.util.LinkedHashMap<>();
    private int started;

    private ConsumerProcesses(String name, Map<String, String> env, Shape shape) {
        this.name = name;
        this.env = Map.copyOf(env);
        this.shape = shape;
    }

    /** @param env the runtime's variables (the sale, its stores, ...), as the operator would give a pod */
    public static ConsumerProcesses start(String name, Map<String, String> env, Shape shape) {
        var processes = new ConsumerProcesses(name, env, shape);
        try {
            processes.scaleTo(shape.count());
            return processes;
        } catch (RuntimeException e) {
            processes.close();
            throw e;
        }
    }

    /**
     * Starts or stops consumer processes until {@code count} run, like a Deployment's replicas: the newest go first,
     * with SIGTERM (they commit and leave the group) while the caller goes on.
     */
    public synchronized void scaleTo(int count) {
        while (running.size() < count) {
            running.add(startOne(name + "-" + started++));
        }
        while (running.size() > count) {
            Pod pod = running.removeLast();
            stoppedCpuSeconds.put(pod.name(), cpuSeconds(pod.process()));
            pod.process().destroy();
            stopping.add(pod);
        }
    }

    public synchronized int count() {
        return running.size();
    }

    /** CPU time all consumer processes used so far, the stopped ones included (their last reading before SIGTERM). */
    public synchronized double cpuSeconds() {
        return cpuSecondsByPod().values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** {@link #cpuSeconds()} per consumer process, by pod name, in the order they started. */
    public synchronized java.util.Map<String, Double> cpuSecondsByPod() {
        var byPod = new java.util.LinkedHashMap<>(stoppedCpuSeconds);
        running.forEach(pod -> byPod.put(pod.name(), cpuSeconds(pod.process())));
        return byPod;
    }

    private static double cpuSeconds(Process process) {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
    }

    private Pod startOne(String podName) {
        // Sized like a consumer pod (memory limit 512Mi): the JVM would otherwise size its heap from the whole machine.
        List<String> command = List.of(JAVA, "-XX:MaxRAM=512m", "-jar", runtimeJar().toString(), "consumer");
        CpuLimits.Group group = null;
        if (shape.limits().isPresent()) {
            group = shape.limits().get().create(podName, shape.millicores());
            command = group.command(command);
        }
        try {
            Path log = Files.createTempFile("consumer-" + podName + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            builder.environment().put("HTTP_PORT", "0");
            builder.environment().remove("JDK_JAVA_OPTIONS");
            if (!shape.jvmOptions().isBlank()) {
                builder.environment().put("JDK_JAVA_OPTIONS", shape.jvmOptions());
            }
            Process process = builder.start();
            LIVE.add(process);
            return new Pod(podName, process, group, log);
        } catch (IOException e) {
            if (group != null) {
                group.remove();
            }
            throw new UncheckedIOException("could not start consumer process " + podName, e);
        }
    }

    /** The consumer processes' JVM options: the pods' default, or {@code SANDBOX_CONSUMER_JVM_OPTIONS}. */
    public static String defaultJvmOptions() {
        return System.getenv().getOrDefault("SANDBOX_CONSUMER_JVM_OPTIONS", POD_JVM_OPTIONS).strip();
    }

    public synchronized List<Long> pids() {
        return running.stream().map(pod -> pod.process().pid()).toList();
    }

    /** Throws with the end of its output when a process has already exited: a consumer that died must not be waited for. */
    public synchronized void requireRunning() {
        for (Pod pod : running) {
            if (!pod.process().isAlive()) {
                throw new IllegalStateException("consumer process " + pod.name() + " exited with " + pod.process().exitValue()
                        + "; the end of its output:\n" + tail(pod.log(), 20));
            }
        }
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** The packaged runtime ({@code make build}); {@code TICKETING_RUNTIME_JAR} points elsewhere. */
    static Path runtimeJar() {
        String given = System.getenv("TICKETING_RUNTIME_JAR");
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        return JAR_CANDIDATES.stream().filter(Files::isRegularFile).findFirst().map(Path::toAbsolutePath)
                .orElseThrow(() -> new IllegalStateException("no ticketing-runtime.jar in ticketing-runtime/target: run `make build` first"));
    }

    /** SIGTERM to every consumer (they commit and leave the group), then their groups and logs go. */
    @Override
    public synchronized void close() {
        scaleTo(0);
        for (Pod pod : stopping) {
            Process p = pod.process();
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
            LIVE.remove(p);
            if (pod.group() != null) {
                pod.group().remove();
            }
            try {
                Files.deleteIfExists(pod.log());
            } catch (IOException e) {
                // A leftover temp file is harmless.
            }
        }
        stopping.clear();
    }
}
