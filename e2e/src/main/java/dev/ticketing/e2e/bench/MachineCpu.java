package dev.ticketing.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time the whole machine spent busy (all processes: the bench's JVM, PostgreSQL, Redis, consumer processes),
 * from Linux's /proc/stat. A round's difference is its CPU bill, steadier than wall time on a shared, noisy machine.
 */
final class MachineCpu {

    private static final Path STAT = Path.of("/proc/stat");
    /** USER_HZ: /proc/stat counts in ticks of 1/100 s on every Linux architecture we run on. */
    private static final double TICKS_PER_SECOND = 100;

    private MachineCpu() {
    }

    /** Busy CPU seconds since boot (user, nice, system, irq, softirq, steal), or NaN where there is no /proc/stat. */
    static double busySeconds() {
        try {
            for (String line : Files.readAllLines(STAT)) {
                if (line.startsWith("cpu ")) {
                    return busy(line) / TICKS_PER_SECOND;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return Double.NaN;
    }

    static long busy(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        // cpu user nice system idle iowait irq softirq steal ...
        long busy = 0;
        for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
            if (i < f.length) {
                busy += Long.parseLong(f[i]);
            }
        }
        return busy;
    }
}
