package dev.ticketing.e2e.sandbox;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.ticketing.e2e.bench.CpuBill;
import dev.ticketing.e2e.bench.GeneratedRound;
import dev.ticketing.e2e.spike.GeneratorProcess;
import dev.ticketing.e2e.spike.HtmlReport;
import dev.ticketing.operator.autoscaling.ScalingPolicy;
import dev.ticketing.e2e.spike.Quantity;
import dev.ticketing.e2e.spike.SpikeRunner;
import dev.ticketing.e2e.spike.SpikeTool;
import dev.ticketing.runtime.sale.SalePlan;

/**
 * {@code make demo}: the seed's experiment on this machine — embedded Kafka, PostgreSQL and Redis, the
 * runtime (init, API, a consumer pool) in this process, {@code DEMO_BUYERS} buyers each booking one seat
 * of a {@code DEMO_SEATS}-seat sale at once — after a warm-up sale, so the JVM is compiled and warm. With
 * {@code DEMO_CONSUMER_MILLICORES}, the consumers are CPU-limited processes instead, as pods are (started cold).
 */
public final class Demo {

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        int seats = Integer.parseInt(System.getenv().getOrDefault("DEMO_SEATS", "1000"));
        int buyers = Integer.parseInt(System.getenv().getOrDefault("DEMO_BUYERS", "1000"));
        int consumers = Integer.parseInt(System.getenv().getOrDefault("DEMO_CONSUMERS", "1"));
        int millicores = Integer.parseInt(System.getenv().getOrDefault("DEMO_CONSUMER_MILLICORES", "0"));
        boolean autoscaled = millicores > 0 && !"0".equals(System.getenv().getOrDefault("DEMO_AUTOSCALE", "1"));
        SalePlan plan = plan(seats);
        // Buyers are prepared before the clock starts; a cheap hash keeps that part short (production: 210,000).
        Map<String, String> settings = Map.of("HTTP_PORT", "0", "AUTH_PASSWORD_HASH_ITERATIONS", "1000");
        Optional<CpuLimits> limits = CpuLimits.available();
        if (millicores > 0 && limits.isEmpty()) {
            System.err.println("demo: CONSUMER_CPU needs a writable cgroup hierarchy (root on Linux, or a delegated cgroup v2 tree)");
            System.exit(2);
        }
        String shape = autoscaled ? "1-" + consumers + " consumer process(es) of " + millicores + " millicores, autoscaled"
                : millicores > 0 ? consumers + " consumer process(es) of " + millicores + " millicores" : consumers + " consumer(s)";

        System.out.printf("demo: %d seats, %d buyers, %s, %d cores; warming up ...%n", seats, buyers, shape,
                Runtime.getRuntime().availableProcessors());
        List<SpikeRunner.RoundResult> results;
        CpuBill cpu;
        try (GeneratorProcess generator = GeneratorProcess.start()) {
            try (Sandbox warmUp = Sandbox.start("warmup", plan, consumers, settings);
                 ConsumerGroupProbe probe = new ConsumerGroupProbe(warmUp.config())) {
                GeneratedRound.run(generator, warmUp, probe, settings(warmUp, buyers), System.err);
            }
            try (Sandbox sandbox = autoscaled
                    ? Sandbox.startAutoscaled("demo", plan, policy(consumers), millicores, limits, settings)
                    : millicores > 0
                    ? Sandbox.startWithConsumerProcesses("demo", plan, ConsumerProcesses.Shape.of(consumers, millicores, limits), settings)
                    : Sandbox.start("demo", plan, consumers, settings);
                 ConsumerGroupProbe probe = new ConsumerGroupProbe(sandbox.config())) {
                probe.follow(sandbox::desiredConsumers);
                GeneratedRound.Result round = GeneratedRound.run(generator, sandbox, probe, settings(sandbox, buyers), System.err);
                results = List.of(round.result());
                cpu = round.cpu();
            }
        }
        SpikeTool.print(System.out, results);
        long sold = results.getFirst().serverReport().path("ticketsSold").asLong();
        CpuBill perTicket = cpu.millisPer(sold);
        System.out.printf("  CPU ms per ticket sold: api %.3f, jit+gc %.3f, consumers %.3f, broker %.3f, postgres %.3f, redis %.3f -> server %.3f; "
                + "load generator (own JVM) %.3f%n", perTicket.api(), perTicket.jitGc(), perTicket.consumers(), perTicket.broker(), perTicket.postgres(),
                perTicket.redis(), perTicket.server(), perTicket.generator());
        Path dir = Path.of("target", "demo").toAbsolutePath();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("demo.json"),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(results));
        HtmlReport.write(dir.resolve("demo.html"), "Demo: " + buyers + " buyers, " + seats + " seats, " + shape, results);
        System.out.println("report: " + dir.resolve("demo.html") + " (JSON: " + dir.resolve("demo.json") + ")");
        System.exit(results.stream().allMatch(r -> r.correctness().holds()) ? 0 : 1);
    }

    /** The operator's defaults (lag threshold 20, catch-up 5 s, scale-down window 60 s) between 1 and {@code max}. */
    private static ScalingPolicy policy(int max) {
        return new ScalingPolicy(ScalingPolicy.Mode.AUTO, 1, max, 20, 0, 5, Duration.ZERO, Duration.ofSeconds(60), 0,
                Duration.ofSeconds(60), null, null);
    }

    private static SpikeRunner.Settings settings(Sandbox sandbox, int buyers) {
        return new SpikeRunner.Settings(URI.create("http://127.0.0.1:" + sandbox.port()), sandbox.config().saleName(),
                buyers, buyers, Quantity.parse("1"), "best_available", true, 0, buyers, 1, false, Duration.ofSeconds(60), 42, sandbox.reportToken());
    }

    /** The seed's layout for 1,000 seats; otherwise ten sections of 2 x 5 subsections (seats must be a multiple of 100). */
    static SalePlan plan(int seats) {
        if (seats == 1_000) {
            return SalePlan.seedLayout("Demo arena");
        }
        if (seats < 100 || seats % 100 != 0) {
            throw new IllegalArgumentException("DEMO_SEATS must be a multiple of 100, got " + seats);
        }
        List<SalePlan.Section> sections = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sections.add(new SalePlan.Section(String.valueOf((char) ('A' + i)), 3000 - 200 * i, seats / 100));
        }
        return new SalePlan("Demo arena", 2, 5, 4, sections);
    }
}
