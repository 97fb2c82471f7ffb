package dev.ticketing.e2e.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The CPU of this JVM's own service threads — the JIT compilers and the garbage collector — which Java's thread
 * API does not list: from Linux's /proc/self/task, by the names HotSpot gives them. In the bench this JVM runs the
 * API, the broker and in-process consumers, so this is their JIT and GC together.
 */
final class JvmServiceThreads {

    private static final Pattern SERVICE_THREAD = Pattern.compile("^(C1 CompilerThre|C2 CompilerThre|GC Thread|G1 )");
    private static final Path TASKS = Path.of("/proc/self/task");

    private JvmServiceThreads() {
    }

    /** CPU seconds the JIT and GC threads used so far, or NaN where there is no /proc. */
    static double cpuSeconds() {
        long nanos = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    if (isServiceThread(Files.readString(task.resolve("comm")))) {
                        nanos += runtimeNanos(Files.readString(task.resolve("schedstat")));
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return nanos / 1e9;
    }

    static boolean isServiceThread(String comm) {
        return SERVICE_THREAD.matcher(comm).find();
    }

    /** The first field of /proc/.../schedstat: nanoseconds on a CPU, as precise as the thread CPU clock Java reads. */
    static long runtimeNanos(String schedstat) {
        return Long.parseLong(schedstat.trim().split(" ")[0]);
    }
}
