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

    private final List<Process> processes = new ArrayList<>();
    private final List<CpuLimits.Group> groups = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();

    private ConsumerProcesses() {
    }

    /** @param env the runtime's variables (the sale, its stores, ...), as the operator would give a pod */
    public static ConsumerProcesses start(String name, Map<String, String> env, Shape shape) {
        var started = new ConsumerProcesses();
        try {
            for (int i = 0; i < shape.count(); i++) {
                started.startOne(name + "-" + i, env, shape);
            }
            return started;
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
    }

    private void startOne(String name, Map<String, String> env, Shape shape) {
        // Sized like a consumer pod (memory limit 512Mi): the JVM would otherwise size its heap from the whole machine.
        List<String> command = List.of(JAVA, "-XX:MaxRAM=512m", "-jar", runtimeJar().toString(), "consumer");
        if (shape.limits().isPresent()) {
            CpuLimits.Group group = shape.limits().get().create(name, shape.millicores());
            groups.add(group);
            command = group.command(command);
        }
        try {
            Path log = Files.createTempFile("consumer-" + name + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            builder.environment().put("HTTP_PORT", "0");
            builder.environment().remove("JDK_JAVA_OPTIONS");
            if (!shape.jvmOptions().isBlank()) {
                builder.environment().put("JDK_JAVA_OPTIONS", shape.jvmOptions());
            }
            logs.add(log);
            Process process = builder.start();
            LIVE.add(process);
            processes.add(process);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start consumer process " + name, e);
        }
    }

    /** The consumer processes' JVM options: the pods' default, or {@code SANDBOX_CONSUMER_JVM_OPTIONS}. */
    public static String defaultJvmOptions() {
        return System.getenv().getOrDefault("SANDBOX_CONSUMER_JVM_OPTIONS", POD_JVM_OPTIONS).strip();
    }

    public List<Long> pids() {
        return processes.stream().map(Process::pid).toList();
    }

    /** Throws with the end of its output when a process has already exited: a consumer that died must not be waited for. */
    public void requireRunning() {
        for (int i = 0; i < processes.size(); i++) {
            Process p = processes.get(i);
            if (!p.isAlive()) {
                throw new IllegalStateException("consumer process " + i + " exited with " + p.exitValue() + "; the end of its output:\n"
                        + tail(logs.get(i), 20));
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
    public void close() {
        processes.forEach(Process::destroy);
        for (Process p : processes) {
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        processes.forEach(LIVE::remove);
        groups.forEach(CpuLimits.Group::remove);
        for (Path log : logs) {
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                // A leftover temp file is harmless.
            }
        }
    }
}
