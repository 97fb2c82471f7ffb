package dev.ticketing.e2e.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * Linux's CPU clock of each thread, {@code /proc/<pid>/task/<tid>/schedstat}: nanoseconds, where a process's total in
 * {@code /proc/<pid>/stat} counts 10 ms clock ticks. It covers live threads only: a thread that ended takes its time
 * with it.
 */
final class ThreadClocks {

    private ThreadClocks() {
    }

    /** CPU nanoseconds of the live threads of a process whose names {@code counted} accepts. */
    static long nanos(long pid, Predicate<String> counted) throws IOException {
        return nanos(Path.of("/proc", String.valueOf(pid), "task"), counted);
    }

    /** The same for this process, whose own threads Linux lists under /proc/self. */
    static long ownNanos(Predicate<String> counted) throws IOException {
        return nanos(Path.of("/proc", "self", "task"), counted);
    }

    private static long nanos(Path tasks, Predicate<String> counted) throws IOException {
        long nanos = 0;
        try (DirectoryStream<Path> each = Files.newDirectoryStream(tasks)) {
            for (Path task : each) {
                try {
                    if (counted.test(Files.readString(task.resolve("comm")))) {
                        nanos += runtimeNanos(Files.readString(task.resolve("schedstat")));
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return nanos;
    }

    /** The first field of /proc/.../schedstat: nanoseconds on a CPU, as precise as the thread CPU clock Java reads. */
    static long runtimeNanos(String schedstat) {
        return Long.parseLong(schedstat.trim().split(" ")[0]);
    }
}
