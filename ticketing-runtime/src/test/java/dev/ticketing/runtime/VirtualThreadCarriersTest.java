package dev.ticketing.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Virtual threads get at least {@value VirtualThreadCarriers#MINIMUM} carriers, whatever the core count. */
class VirtualThreadCarriersTest {

    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    /** A fresh JVM that believes it has 2 cores, as the machine that froze: widen, then count who runs at once. */
    @Test
    void a_fresh_two_core_jvm_runs_as_many_virtual_threads_at_once_as_the_minimum() throws Exception {
        Process probe = new ProcessBuilder(JAVA, "-XX:ActiveProcessorCount=2", "-cp", System.getProperty("java.class.path"),
                Probe.class.getName()).redirectErrorStream(true).start();
        assertThat(probe.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();

        assertThat(output).as("virtual threads that ran at the same time").isEqualTo(String.valueOf(VirtualThreadCarriers.MINIMUM));
    }

    /**
     * Tests embed the runtime without its Main and get the same carriers from surefire's argLine; the Maven JVM
     * (sandbox, bench: everything in one process) sets its own count, but never the JDK's one per core that froze.
     */
    @Test
    void the_jvms_that_embed_the_runtime_set_their_carriers_explicitly() throws Exception {
        assertThat(System.getProperty(VirtualThreadCarriers.PARALLELISM)).as("surefire argLine")
                .isEqualTo(String.valueOf(VirtualThreadCarriers.MINIMUM));
        String mavenJvm = Files.readString(Path.of("..", ".mvn", "jvm.config"));
        Matcher count = Pattern.compile("-D" + Pattern.quote(VirtualThreadCarriers.PARALLELISM) + "=(\\d+)").matcher(mavenJvm);
        assertThat(count.find()).as(".mvn/jvm.config sets the carriers: " + mavenJvm).isTrue();
        assertThat(Integer.parseInt(count.group(1))).as("more carriers than this 2-core machine's default").isGreaterThan(2);
    }

    /** Spinning never yields a carrier: all of them pass the barrier in time only if each has a carrier of its own. */
    public static final class Probe {

        public static void main(String[] args) throws InterruptedException {
            VirtualThreadCarriers.widen();
            AtomicInteger arrived = new AtomicInteger();
            AtomicInteger released = new AtomicInteger();
            long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < VirtualThreadCarriers.MINIMUM; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    arrived.incrementAndGet();
                    while (System.nanoTime() < giveUpAt) {
                        if (arrived.get() == VirtualThreadCarriers.MINIMUM) {
                            released.incrementAndGet();
                            return;
                        }
                        Thread.onSpinWait();
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            System.out.println(released.get());
        }
    }
}
