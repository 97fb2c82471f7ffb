package dev.ticketing.runtime;

/**
 * More carrier threads for virtual threads than the JDK's default of one per core.
 *
 * <p>A virtual thread that blocks while loading a class stays pinned to its carrier (JEP 491's remaining case: a
 * native frame on the stack). When every carrier is pinned waiting for a lock whose owner is an unmounted virtual
 * thread, that owner never runs again and the process freezes — {@code make bench} froze this way on 2 cores, in a
 * cold first round (1,000 requests loading JWT classes while the load generator opened sockets). A pod limited to
 * one CPU would have a single carrier. Extra carriers are idle platform threads, cheap until needed.
 */
public final class VirtualThreadCarriers {

    static final String PARALLELISM = "jdk.virtualThreadScheduler.parallelism";
    static final int MINIMUM = 16;

    private VirtualThreadCarriers() {
    }

    /**
     * Raises the carrier count to at least {@value #MINIMUM} unless the property is set already; works only before
     * the JVM's first virtual thread, so {@link Main} calls it first. JVMs that embed the runtime set the property
     * on their command line instead: surefire's argLine (tests, the same count) and {@code .mvn/jvm.config} (the
     * sandbox and the bench, 4: there the carriers compete with the in-process consumers and broker for 2 cores).
     */
    public static void widen() {
        if (System.getProperty(PARALLELISM) == null) {
            System.setProperty(PARALLELISM, String.valueOf(Math.max(MINIMUM, Runtime.getRuntime().availableProcessors())));
        }
    }
}
