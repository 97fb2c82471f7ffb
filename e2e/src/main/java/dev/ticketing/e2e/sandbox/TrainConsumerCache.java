package dev.ticketing.e2e.sandbox;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.ticketing.e2e.spike.Quantity;
import dev.ticketing.e2e.spike.SpikeRunner;
import dev.ticketing.runtime.sale.SalePlan;

/**
 * {@code make consumer-aot}: a JDK AOT cache for the consumer role, trained by one consumer process selling the
 * seed's spike in the sandbox. The JVM writes the cache when the process exits; a consumer started with
 * {@code -XX:AOTCache=<file>} then finds its classes loaded and linked, and its methods profiled, from the start.
 * The cache only fits the same JDK build and the same jar path: it is an experiment for this machine, not an artefact.
 */
public final class TrainConsumerCache {

    private TrainConsumerCache() {
    }

    public static void main(String[] args) throws Exception {
        Path cache = Path.of(System.getenv().getOrDefault("CONSUMER_AOT_CACHE", "ticketing-runtime/target/consumer.aot"))
                .toAbsolutePath();
        Files.deleteIfExists(cache);
        // One process, not limited: the JVM assembles the cache at exit, and only one may write the file.
        ConsumerProcesses.Shape trainee = ConsumerProcesses.Shape.of(1, 1_000, Optional.empty())
                .withJvmOptions(ConsumerProcesses.defaultJvmOptions() + " -XX:AOTCacheOutput=" + cache);
        Map<String, String> settings = Map.of("HTTP_PORT", "0", "AUTH_PASSWORD_HASH_ITERATIONS", "1000");
        System.out.println("training: one consumer process (" + trainee.jvmOptions() + ") sells a 1,000-buyer spike ...");
        try (Sandbox sandbox = Sandbox.startWithConsumerProcesses("aot-training", SalePlan.seedLayout("Training arena"), trainee,
                settings)) {
            var spike = new SpikeRunner.Settings(URI.create("http://127.0.0.1:" + sandbox.port()), sandbox.config().saleName(),
                    1_000, 1_000, Quantity.parse("1"), "best_available", true, 0, 1_000, 1, false, Duration.ofSeconds(120), 42, sandbox.reportToken());
            boolean correct = new SpikeRunner(spike, System.err).run().getFirst().correctness().holds();
            if (!correct) {
                throw new IllegalStateException("the training spike broke a correctness counter");
            }
        }
        if (!Files.isRegularFile(cache)) {
            System.err.println("no cache was written to " + cache + " (needs JDK 25 or later)");
            System.exit(1);
        }
        System.out.printf("written: %s (%,d MB)%nuse it: SANDBOX_CONSUMER_JVM_OPTIONS=\"%s -XX:AOTCache=%s\" make bench "
                + "SCENARIOS=consumers-10x100m%n", cache, Files.size(cache) >> 20, ConsumerProcesses.defaultJvmOptions(), cache);
        System.exit(0);
    }
}
