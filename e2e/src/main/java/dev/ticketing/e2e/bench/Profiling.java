package dev.ticketing.e2e.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import one.profiler.AsyncProfiler;

/**
 * An async-profiler CPU profile of this JVM (the API, the broker, in-process consumers) for one measured round, from
 * its first request to its last decision (no sandbox start-up, no buyer preparation), sampled every millisecond with
 * each stack under its thread. Writes {@code <prefix>.html} (a flame graph) and {@code <prefix>.collapsed} (one line
 * per stack and its samples), and prints where the samples went by thread group.
 */
final class Profiling implements AutoCloseable {

    private static final Pattern THREAD = Pattern.compile("^\\[(.*?)(?: tid=\\d+)?]$");
    private static final Pattern NUMBERS = Pattern.compile("\\d+");

    private final AsyncProfiler profiler;
    private final Path prefix;
    private final PrintStream progress;

    private Profiling(AsyncProfiler profiler, Path prefix, PrintStream progress) {
        this.profiler = profiler;
        this.prefix = prefix;
        this.progress = progress;
    }

    /** Profiles into {@code prefix.*}, or does nothing when it is null. */
    static Profiling start(Path prefix, PrintStream progress) {
        if (prefix == null) {
            return new Profiling(null, null, progress);
        }
        AsyncProfiler profiler;
        try {
            profiler = AsyncProfiler.getInstance();
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("async-profiler does not run on this platform (" + e + "); run without PROFILE", e);
        }
        try {
            // perf_events where the kernel allows it, a CPU timer otherwise: both count CPU time, not wall time.
            profiler.execute("start,event=cpu,interval=1ms,threads");
            return new Profiling(profiler, prefix, progress);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (profiler == null) {
            return;
        }
        try {
            profiler.execute("stop");
            Files.createDirectories(prefix.getParent());
            Path collapsed = Path.of(prefix + ".collapsed");
            profiler.execute("collapsed,file=" + collapsed);
            profiler.execute("flamegraph,file=" + prefix + ".html");
            progress.println("profile: " + prefix + ".html — samples by thread group: " + byThreadGroup(Files.readAllLines(collapsed)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Samples per thread group (numbers in thread names dropped, so ten consumers are one group), largest first,
     * as percentages of the round's samples.
     */
    static String byThreadGroup(List<String> collapsedLines) {
        Map<String, Long> groups = new LinkedHashMap<>();
        long total = 0;
        for (String line : collapsedLines) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            long samples = Long.parseLong(line.substring(space + 1).trim());
            String first = line.substring(0, space).split(";", 2)[0];
            var thread = THREAD.matcher(first);
            String group = thread.matches() ? NUMBERS.matcher(thread.group(1)).replaceAll("N") : "(no thread)";
            groups.merge(group, samples, Long::sum);
            total += samples;
        }
        long all = total;
        StringBuilder out = new StringBuilder(all + " samples");
        groups.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(10)
                .forEach(e -> out.append(String.format("; %s %.0f%%", e.getKey(), 100.0 * e.getValue() / all)));
        return out.toString();
    }
}
