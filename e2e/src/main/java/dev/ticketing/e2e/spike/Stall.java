package dev.ticketing.e2e.spike;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Notices a round whose counters stopped moving for longer than any round can legitimately wait, and reports it
 * with a thread dump (virtual threads included): a frozen benchmark must end with a reason, not hang forever.
 */
final class Stall {

    private final long limitNanos;
    private final Consumer<String> onStuck;
    private List<Long> last = List.of();
    private long since = System.nanoTime();
    private boolean reported;

    Stall(Duration limit, Consumer<String> onStuck) {
        this.limitNanos = limit.toNanos();
        this.onStuck = onStuck;
    }

    /** Ends the process: nothing in it can finish the round any more. */
    static Stall endingTheProcess(Duration limit, PrintStream out) {
        return new Stall(limit, message -> {
            out.println();
            out.println(message);
            System.exit(3);
        });
    }

    void check(List<Long> counters) {
        long now = System.nanoTime();
        if (!counters.equals(last)) {
            last = counters;
            since = now;
            return;
        }
        if (now - since > limitNanos && !reported) {
            reported = true;
            onStuck.accept("spike: no progress for %d s (counters %s): the process is stuck; thread dump: %s"
                    .formatted(Duration.ofNanos(now - since).toSeconds(), counters, dumpThreads()));
        }
    }

    private static Path dumpThreads() {
        try {
            Path file = Files.createTempFile("spike-stall-", ".txt");
            Files.delete(file); // the MXBean refuses to overwrite
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            return file;
        } catch (IOException | RuntimeException e) {
            return Path.of("(no dump: " + e.getMessage() + ")");
        }
    }
}
