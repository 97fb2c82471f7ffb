package dev.ticketing.e2e.bench;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * The CPU of this JVM's own service threads — the JIT compilers and the garbage collector — which Java's thread
 * API does not list: from Linux's per-thread clocks, by the names HotSpot gives them. In the bench this JVM runs the
 * API, the broker and in-process consumers, so this is their JIT and GC together.
 */
final class JvmServiceThreads {

    private static final Pattern SERVICE_THREAD = Pattern.compile("^(C1 CompilerThre|C2 CompilerThre|GC Thread|G1 )");

    private JvmServiceThreads() {
    }

    /** CPU seconds the JIT and GC threads used so far, or NaN where there is no /proc. */
    static double cpuSeconds() {
        try {
            return ThreadClocks.ownNanos(JvmServiceThreads::isServiceThread) / 1e9;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    static boolean isServiceThread(String comm) {
        return SERVICE_THREAD.matcher(comm).find();
    }
}
