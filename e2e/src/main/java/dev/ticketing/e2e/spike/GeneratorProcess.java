package dev.ticketing.e2e.spike;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The spike tool in a JVM of its own, so that what the load generator costs is never booked to the runtime it
 * measures (the bench's CPU bill reads each process). One process serves many runs, each against its own sale, so
 * its JIT warms up with the bench's warm-up rounds like the runtime's does. Before each round's load and after its
 * last decision the child stops at a fence line on stdout and goes on when told, so the caller measures exactly the
 * rounds.
 */
public final class GeneratorProcess implements AutoCloseable {

    private static final String FENCE = "@fence ";
    private static final String RESULT = "@result ";
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What the caller does at each fence, with the generator's process (to read its CPU time, say). */
    public interface Listener {

        Listener NONE = new Listener() {
            @Override
            public void starting(int round, ProcessHandle generator) {
            }

            @Override
            public void decided(int round, ProcessHandle generator) {
            }
        };

        void starting(int round, ProcessHandle generator);

        void decided(int round, ProcessHandle generator);
    }

    private final Process process;
    private final BufferedReader out;
    private final Writer in;

    private GeneratorProcess(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = process.outputWriter(StandardCharsets.UTF_8);
    }

    public static GeneratorProcess start() throws IOException {
        List<String> command = List.of(JAVA, "-XX:+UseSerialGC", "-Xmx1g",
                // The carriers the tool had in-process (.mvn/jvm.config), for the same load shape.
                "-Djdk.virtualThreadScheduler.parallelism=" + System.getProperty("jdk.virtualThreadScheduler.parallelism", "4"),
                "-cp", classPath(), SpikeTool.class.getName(), "--serve");
        return new GeneratorProcess(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /** Runs the settings' rounds in the child; its progress goes to the child's stderr, which is this one's. */
    public synchronized List<SpikeRunner.RoundResult> run(SpikeRunner.Settings settings, PrintStream progress, Listener listener)
            throws IOException {
        in.write(JSON.writeValueAsString(settings) + "\n");
        in.flush();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(RESULT)) {
                return JSON.readValue(line.substring(RESULT.length()), new TypeReference<List<SpikeRunner.RoundResult>>() { });
            }
            if (!line.startsWith(FENCE)) {
                progress.println(line);
                continue;
            }
            String[] fence = line.substring(FENCE.length()).split(" ");
            int round = Integer.parseInt(fence[1]);
            if ("starting".equals(fence[0])) {
                listener.starting(round, process.toHandle());
            } else {
                listener.decided(round, process.toHandle());
            }
            in.write("go\n");
            in.flush();
        }
        throw new IllegalStateException("the load generator process ended without a result (exit code "
                + (process.isAlive() ? "none yet" : process.exitValue()) + "); its errors are above");
    }

    @Override
    public void close() {
        try {
            in.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }

    /**
     * The child's side ({@code spike --serve}): a run per line of settings on stdin, each round fenced, the results as
     * one line on stdout; until stdin ends. A run that fails is reported and ends the child.
     */
    static int serve() throws Exception {
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        SpikeRunner.RoundFence fence = stdioFence(stdin);
        for (String line = stdin.readLine(); line != null; line = stdin.readLine()) {
            SpikeRunner.Settings settings = JSON.readValue(line, SpikeRunner.Settings.class);
            List<SpikeRunner.RoundResult> results = new SpikeRunner(settings, System.err, null, fence).run();
            System.out.println(RESULT + JSON.writeValueAsString(results));
            System.out.flush();
        }
        return 0;
    }

    private static SpikeRunner.RoundFence stdioFence(BufferedReader stdin) {
        return new SpikeRunner.RoundFence() {
            @Override
            public void starting(int round) {
                await("starting", round);
            }

            @Override
            public void decided(int round) {
                await("decided", round);
            }

            private void await(String what, int round) {
                System.out.println(FENCE + what + " " + round);
                System.out.flush();
                try {
                    if (stdin.readLine() == null) {
                        throw new IllegalStateException("the process that started the spike tool went away");
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /** This JVM's class path: exec:java puts the project's on a class loader of its own, surefire on java.class.path. */
    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader) {
            Arrays.stream(loader.getURLs()).map(url -> {
                try {
                    return Path.of(url.toURI()).toString();
                } catch (Exception e) {
                    return url.getPath();
                }
            }).forEach(entries::add);
        }
        entries.addAll(Arrays.asList(System.getProperty("java.class.path", "").split(File.pathSeparator)));
        entries.remove("");
        return String.join(File.pathSeparator, entries);
    }
}
