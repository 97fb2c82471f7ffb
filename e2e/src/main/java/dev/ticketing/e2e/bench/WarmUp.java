package dev.ticketing.e2e.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * How many unmeasured rounds of the first scenario warm the bench's JVM before anything is measured: until the JIT
 * has settled — its compile time per round stopped falling (what is left is each round's own set-up) — and no fewer
 * than {@code minRounds}, no more than {@code maxRounds}. Two fixed rounds were not enough: on the 2-core
 * machine spike-1k's compile time per round went 20.1, 9.1, 5.9, 4.2, 2.4, 3.0, 3.3, 2.2, 2.0 s..., and the first
 * measured rounds paid for compiling the hot paths (jit+gc 0.30 ms per ticket after two rounds, 0.19 after ten).
 * A production API pod meets its doors-open spike as cold as it is started; the bench measures the runtime warm.
 */
record WarmUp(int minRounds, int maxRounds) {

    static final WarmUp UNTIL_THE_JIT_SETTLES = new WarmUp(2, 12);

    /** @param compileMillis each warm-up round's compile time so far, or -1 each where the JVM does not measure it */
    boolean done(List<Long> compileMillis) {
        int n = compileMillis.size();
        if (n < minRounds) {
            return false;
        }
        if (n >= maxRounds || compileMillis.getLast() < 0) {
            return true;
        }
        return n >= 2 && compileMillis.getLast() >= compileMillis.get(n - 2);
    }

    /** Milliseconds the JIT compilers have worked in this JVM so far, or -1 where that is not measured. */
    static long compileMillisSoFar() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }
}
