package dev.ticketing.e2e.bench;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.ticketing.e2e.sandbox.ConsumerGroupProbe;
import dev.ticketing.e2e.sandbox.ConsumerProcesses;
import dev.ticketing.e2e.sandbox.CpuLimits;
import dev.ticketing.e2e.sandbox.Sandbox;
import dev.ticketing.e2e.spike.GeneratorProcess;
import dev.ticketing.e2e.spike.HtmlReport;
import dev.ticketing.e2e.spike.Quantity;
import dev.ticketing.e2e.spike.SpikeRunner;
import dev.ticketing.services.SharedServices;

/**
 * {@code make bench}: every scenario on a fresh sale per round — one warm-up round, then measured rounds
 * reported as median [min–max] — plus the component ceilings in the same run, as one table and JSON.
 */
public final class Bench {

    /** Buyers are prepared before the clock starts; a cheap hash keeps that part short (production: 210,000). */
    static final Map<String, String> RUNTIME_SETTINGS = Map.of("HTTP_PORT", "0", "AUTH_PASSWORD_HASH_ITERATIONS", "1000");

    /**
     * One measured round, reduced to the numbers the table compares.
     *
     * @param consumerCpuSeconds all CPU the round's consumer processes used, start-up included (NaN: in-process consumers)
     * @param cpuSeconds       what each part of the sale (and the load generator) used from the first request to the
     *                         last decision
     * @param cpuMsPerTicket   the same per ticket sold, in milliseconds
     */
    public record Round(int round, double allDecidedSeconds, double selloutSeconds, double ticketsPerSecond, double acceptP99Ms,
                        double decisionP99Ms, double responseSeconds, long requests, long ticketsSold, long ticketsTotal,
                        long errors, boolean correct, double consumerCpuSeconds, CpuBill cpuSeconds, CpuBill cpuMsPerTicket) {

        static Round of(Measured m) {
            SpikeRunner.RoundResult r = m.result();
            JsonNode report = r.serverReport();
            long sold = report.path("ticketsSold").asLong();
            return new Round(r.round(), r.allDecidedSeconds(), report.path("selloutSeconds").asDouble(Double.NaN),
                    report.path("throughputPerSecond").asDouble(0), r.acceptMs().p99(),
                    r.endToEndMs().count() == 0 ? Double.NaN : r.endToEndMs().p99(), r.responseSeconds(),
                    r.offered(), sold, report.path("ticketsTotal").asLong(), r.errors(), r.correctness().holds(),
                    m.consumerCpuSeconds(), m.cpu(), m.cpu().millisPer(sold));
        }

        public double machineCpuSeconds() {
            return cpuSeconds.machine();
        }

        /** Server CPU (all but the load generator) per ticket sold and per request, in milliseconds. */
        public double serverCpuMsPerTicket() {
            return cpuMsPerTicket.server();
        }

        public double serverCpuMsPerRequest() {
            return requests > 0 ? cpuSeconds.server() * 1_000 / requests : Double.NaN;
        }
    }

    /** A round as the spike tool saw it, with what the consumer processes and every part of the sale cost. */
    record Measured(SpikeRunner.RoundResult result, double consumerCpuSeconds, CpuBill cpu) {
    }

    public record Spread(double median, double min, double max) {

        static Spread of(double[] values) {
            double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
            if (sorted.length == 0) {
                return new Spread(Double.NaN, Double.NaN, Double.NaN);
            }
            int mid = sorted.length / 2;
            double median = sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
            return new Spread(median, sorted[0], sorted[sorted.length - 1]);
        }
    }

    /**
     * @param cpuMsPerTicket          each part's median over the rounds, in CPU milliseconds per ticket sold
     * @param eachConsumerMsPerTicket what one consumer used, over every consumer of every round
     */
    public record Outcome(Scenario scenario, List<Round> rounds, Spread allDecidedSeconds, Spread selloutSeconds,
                          Spread ticketsPerSecond, Spread acceptP99Ms, Spread decisionP99Ms, Spread consumerCpuSeconds,
                          Spread machineCpuSeconds, Spread serverCpuMsPerTicket, Spread serverCpuMsPerRequest,
                          CpuBill cpuMsPerTicket, Spread eachConsumerMsPerTicket, boolean correct) {

        static Outcome of(Scenario scenario, List<Round> rounds) {
            return new Outcome(scenario, rounds, spread(rounds, Round::allDecidedSeconds), spread(rounds, Round::selloutSeconds),
                    spread(rounds, Round::ticketsPerSecond),
                    spread(rounds, Round::acceptP99Ms), spread(rounds, Round::decisionP99Ms),
                    spread(rounds, Round::consumerCpuSeconds), spread(rounds, Round::machineCpuSeconds),
                    spread(rounds, Round::serverCpuMsPerTicket), spread(rounds, Round::serverCpuMsPerRequest),
                    new CpuBill(median(rounds, b -> b.api()), median(rounds, b -> b.jitGc()), median(rounds, b -> b.consumers()),
                            median(rounds, b -> b.broker()), median(rounds, b -> b.postgres()), median(rounds, b -> b.redis()), median(rounds, b -> b.generator()),
                            median(rounds, b -> b.machine()), Map.of()),
                    Spread.of(rounds.stream().flatMap(r -> r.cpuMsPerTicket().eachConsumer().values().stream())
                            .mapToDouble(Double::doubleValue).toArray()),
                    rounds.stream().allMatch(Round::correct));
        }

        private static double median(List<Round> rounds, java.util.function.ToDoubleFunction<CpuBill> part) {
            return Spread.of(rounds.stream().mapToDouble(r -> part.applyAsDouble(r.cpuMsPerTicket())).toArray()).median();
        }

        private static Spread spread(List<Round> rounds, java.util.function.ToDoubleFunction<Round> value) {
            return Spread.of(rounds.stream().mapToDouble(value).toArray());
        }
    }

    /** @param warmUpCompileMillis the JIT's compile time in each warm-up round (-1 where the JVM does not measure it) */
    public record Report(String at, int cores, String java, int rounds, List<Long> warmUpCompileMillis,
                         String consumerProcessJvmOptions, Ceilings.Result ceilings, List<Outcome> outcomes, List<String> skipped,
                         List<Target> targets) {

        public boolean correct() {
            return outcomes.stream().allMatch(Outcome::correct);
        }
    }

    private static final String NO_CPU_LIMITS = "no writable cgroup here for CPU-limited consumer processes "
            + "(needs root on Linux, or a delegated cgroup v2 tree)";

    private Bench() {
    }

    public static void main(String[] args) {
        // exec:java waits for every non-daemon thread, and the in-JVM Kafka broker has many: exit explicitly,
        // failure included, or a failed bench hangs instead of reporting.
        try {
            System.exit(bench() ? 0 : 1);
        } catch (Throwable failure) {
            failure.printStackTrace();
            System.exit(2);
        }
    }

    private static boolean bench() throws Exception {
        int rounds = Integer.parseInt(System.getenv().getOrDefault("BENCH_ROUNDS", "3"));
        List<String> only = Arrays.stream(System.getenv().getOrDefault("BENCH_SCENARIOS", "").split(","))
                .filter(s -> !s.isBlank()).toList();
        boolean profile = "1".equals(System.getenv("BENCH_PROFILE"));
        Path dir = Path.of("bench", "results").toAbsolutePath();
        String stamp = Instant.now().toString().replace(':', '-');
        List<Scenario> scenarios = Scenario.standard().stream().filter(s -> only.isEmpty() || only.contains(s.name())).toList();

        Report report = run(scenarios, rounds, WarmUp.UNTIL_THE_JIT_SETTLES, 20_000, System.err, (scenario, results, bills) -> {
            HtmlReport.write(dir.resolve(stamp + "-" + scenario.name() + ".html"), scenario.name() + ": " + scenario.description(),
                    results, bills.stream().map(CpuBill::asMap).toList());
        }, profile ? scenario -> dir.resolve(stamp + "-" + scenario.name()) : null);
        print(System.out, report);
        Path json = dir.resolve(stamp + "-bench.json");
        Files.writeString(json, json(report));
        System.out.println("written: " + json + " (and an HTML report per scenario beside it)");
        return report.correct();
    }

    /** The report as kept beside the table; durations as seconds. */
    static String json(Object report) throws java.io.IOException {
        return new ObjectMapper().registerModule(new JavaTimeModule()).enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(report);
    }

    /** What to keep of each scenario's measured rounds besides the table (the HTML report, in {@code make bench}). */
    public interface RoundsSink {
        /** @param cpuMsPerTicket each round's CPU bill, in milliseconds per ticket sold */
        void accept(Scenario scenario, List<SpikeRunner.RoundResult> results, List<CpuBill> cpuMsPerTicket) throws Exception;
    }

    /**
     * @param profileFor where to write CPU profiles of each scenario's measured rounds (files named from it plus
     *                   {@code -rN}; {@link Profiling}), or null for none
     */
    public static Report run(List<Scenario> wanted, int rounds, WarmUp warmUp, int ceilingOperations, PrintStream progress,
                             RoundsSink sink, java.util.function.Function<Scenario, Path> profileFor) throws Exception {
        SharedServices.startAll();
        progress.println("bench: component ceilings ...");
        Ceilings.Result ceilings = Ceilings.measure(ceilingOperations, Math.min(500, ceilingOperations));
        List<Outcome> outcomes = new ArrayList<>();
        List<Long> warmUpCompileMillis = new ArrayList<>();
        Optional<CpuLimits> cpuLimits = CpuLimits.available();
        List<Scenario> scenarios = wanted.stream().filter(s -> cpuLimits.isPresent() || s.consumerMillicores() == 0).toList();
        List<String> skipped = wanted.stream().filter(s -> !scenarios.contains(s)).map(Scenario::name).toList();
        if (!skipped.isEmpty()) {
            progress.println("bench: skipping " + skipped + ": " + NO_CPU_LIMITS);
        }
        // One load generator process for the whole run: warmed up by the same unmeasured rounds as the runtime.
        try (GeneratorProcess generator = GeneratorProcess.start()) {
            // The first scenario must not pay for the JIT: without this, spike-1k measured 40 % slower than the
            // identical consumers-10 that ran minutes later.
            if (!scenarios.isEmpty()) {
                progress.printf("bench: warming the JVM up with unmeasured rounds of %s until the JIT settles (%d-%d rounds)%n",
                        scenarios.getFirst().name(), warmUp.minRounds(), warmUp.maxRounds());
                while (!warmUp.done(warmUpCompileMillis)) {
                    long before = WarmUp.compileMillisSoFar();
                    round(generator, scenarios.getFirst(), 0, progress, cpuLimits, null);
                    warmUpCompileMillis.add(before < 0 ? -1 : WarmUp.compileMillisSoFar() - before);
                    progress.printf("%nbench: warm-up round %d: the JIT compiled for %,d ms%n", warmUpCompileMillis.size(),
                            warmUpCompileMillis.getLast());
                }
            }
            for (Scenario scenario : scenarios) {
                progress.printf("bench: %s — %s (warm-up + %d rounds)%n", scenario.name(), scenario.description(), rounds);
                round(generator, scenario, 0, progress, cpuLimits, null);
                List<Measured> results = new ArrayList<>();
                for (int r = 1; r <= rounds; r++) {
                    Path profile = profileFor == null ? null : perRound(profileFor.apply(scenario), r);
                    results.add(round(generator, scenario, r, progress, cpuLimits, profile));
                }
                List<Round> measured = results.stream().map(Round::of).toList();
                sink.accept(scenario, results.stream().map(Measured::result).toList(),
                        measured.stream().map(Round::cpuMsPerTicket).toList());
                outcomes.add(Outcome.of(scenario, measured));
            }
        }
        return new Report(Instant.now().toString(), Runtime.getRuntime().availableProcessors(), Runtime.version().toString(), rounds,
                warmUpCompileMillis, ConsumerProcesses.defaultJvmOptions(), ceilings, outcomes, skipped,
                Target.judge(outcomes, ceilings));
    }

    private static Path perRound(Path profile, int round) {
        return profile.resolveSibling(profile.getFileName() + "-r" + round);
    }

    /**
     * A fresh sale for every round: the same seats, the same load, nothing carried over but the warm JVM.
     *
     * @param profile where to write a CPU profile of the round (first request to last decision; {@link Profiling}), or null
     */
    private static Measured round(GeneratorProcess generator, Scenario scenario, int round, PrintStream progress,
                                  Optional<CpuLimits> cpuLimits, Path profile)
            throws Exception {
        String sale = SharedServices.uniqueName("bench-" + scenario.name() + "-" + round);
        var policy = scenario.scaling() == null ? null : scenario.scaling().policy(scenario.consumers(), Instant.now());
        // Consumer processes start cold for every round, as pods deployed before a sale opens do.
        try (Sandbox sandbox = policy != null
                ? Sandbox.startAutoscaled(sale, scenario.plan(), policy, scenario.consumerMillicores(), cpuLimits, RUNTIME_SETTINGS)
                : scenario.consumerMillicores() == 0
                ? Sandbox.start(sale, scenario.plan(), scenario.consumers(), RUNTIME_SETTINGS)
                : Sandbox.startWithConsumerProcesses(sale, scenario.plan(),
                        ConsumerProcesses.Shape.of(scenario.consumers(), scenario.consumerMillicores(), cpuLimits), RUNTIME_SETTINGS);
             ConsumerGroupProbe probe = new ConsumerGroupProbe(sandbox.config())) {
            probe.follow(sandbox::desiredConsumers);
            if (policy != null && policy.opensAt() != null) {
                // Pre-warmed: the spike comes when the doors open, whether or not the consumers are ready by then.
                Thread.sleep(Math.max(0, Duration.between(Instant.now(), policy.opensAt()).toMillis() + 50));
            }
            var settings = new SpikeRunner.Settings(URI.create("http://127.0.0.1:" + sandbox.port()), sale, scenario.buyers(),
                    scenario.requests(), Quantity.parse(scenario.quantity()), "best_available", true, scenario.rate(),
                    scenario.connections(), 1, false, Duration.ofSeconds(120), 42 + round, sandbox.reportToken())
                    .preferringToWait(scenario.preferWaitSeconds()).bookingOnly(!scenario.followDecisions());
            GeneratedRound.Result generated = GeneratedRound.run(generator, sandbox, probe, settings, progress, profile);
            SpikeRunner.RoundResult result = generated.result();
            if (round == 0 && !result.correctness().holds()) {
                // Unmeasured rounds are not in the table, so a broken invariant there must stop the run instead.
                throw new IllegalStateException("round " + round + " of " + scenario.name() + " broke a correctness counter: "
                        + result.correctness());
            }
            return new Measured(result.renumbered(round), sandbox.consumerCpuSeconds(), generated.cpu());
        }
    }

    public static void print(PrintStream out, Report report) {
        out.printf("%nmake bench — %d cores, Java %s, load generator in a JVM of its own; %d measured rounds after a warm-up, "
                + "median [min-max]; the JVM warmed by %d rounds of the first scenario (JIT compile ms per round: %s)%n",
                report.cores(), report.java(), report.rounds(), report.warmUpCompileMillis().size(), report.warmUpCompileMillis()
                        .stream().map(ms -> String.format("%,d", ms)).collect(java.util.stream.Collectors.joining(", ")));
        out.printf("%-20s %7s %8s %-6s %-6s  %-22s %-22s %-25s %-25s %-25s %-20s %-20s %s%n", "scenario", "seats", "requests", "cons",
                "cpu", "all decided s", "sellout s", "tickets/s", "accept p99 ms", "decision p99 ms", "consumer cpu s", "machine cpu s",
                "correct");
        for (Outcome o : report.outcomes()) {
            Scenario s = o.scenario();
            String consumers = s.scaling() == null ? String.valueOf(s.consumers())
                    : (s.scaling().prewarm() > 0 ? "p" + s.scaling().prewarm() : s.scaling().min()) + "-" + s.consumers();
            out.printf("%-20s %,7d %,8d %-6s %-6s  %-22s %-22s %-25s %-25s %-25s %-20s %-20s %s%n", s.name(), s.plan().ticketsTotal(),
                    s.requests(), consumers, s.consumerMillicores() == 0 ? "shared" : s.consumerMillicores() + "m",
                    spread(o.allDecidedSeconds(), "%.3f"), spread(o.selloutSeconds(), "%.3f"), spread(o.ticketsPerSecond(), "%,.0f"),
                    spread(o.acceptP99Ms(), "%,.0f"), spread(o.decisionP99Ms(), "%,.0f"), spread(o.consumerCpuSeconds(), "%.1f"),
                    spread(o.machineCpuSeconds(), "%.1f"), o.correct() ? "yes" : "NO");
        }
        out.println("machine cpu s: CPU the whole machine was busy from the first request to the last decision (every process, "
                + "the load generator's too)");
        out.printf("%nCPU bill: CPU milliseconds per ticket sold, first request to last decision (median of the rounds); "
                + "server = all but the load generator%n");
        out.printf("%-20s %8s %8s %10s %-22s %8s %9s %7s %-22s %-22s %10s%n", "scenario", "api", "jit+gc", "consumers",
                "each consumer", "broker", "postgres", "redis", "server ms/ticket", "server ms/request", "generator");
        for (Outcome o : report.outcomes()) {
            CpuBill b = o.cpuMsPerTicket();
            out.printf("%-20s %8.3f %8.3f %10.3f %-22s %8.3f %9.3f %7.3f %-22s %-22s %10.3f%n", o.scenario().name(), b.api(),
                    b.jitGc(), b.consumers(), spread(o.eachConsumerMsPerTicket(), "%.3f"), b.broker(), b.postgres(), b.redis(),
                    spread(o.serverCpuMsPerTicket(), "%.3f"), spread(o.serverCpuMsPerRequest(), "%.3f"), b.generator());
        }
        out.println("api: the runtime's JVM less the broker's and in-process consumers' threads and less jit+gc, that JVM's JIT "
                + "compilers and garbage collector (serving all three); each consumer: one consumer's share, median [least-most] over "
                + "every consumer of every round (a process whole; in this JVM its poll loop, the Kafka client's background "
                + "threads counting in consumers only); "
                + "broker: the in-JVM Kafka broker's threads; postgres: the server and all its backends; generator: the load "
                + "generator's own JVM (the spike tool: one process for the whole run, warmed up by the same unmeasured "
                + "rounds as the runtime)");
        if (report.outcomes().stream().anyMatch(o -> o.scenario().scaling() != null)) {
            out.println("cons: fixed count, or min-max autoscaled by the operator's autoscaler (pN: pre-warmed to N before the doors "
                    + "open); consumer cpu s: all CPU the consumer processes used in the round, start-up included");
        }
        if (report.outcomes().stream().anyMatch(o -> o.scenario().consumerMillicores() > 0)) {
            out.printf("consumer processes: cpu = each one's CPU limit (a cgroup quota), JVM options '%s' "
                    + "(SANDBOX_CONSUMER_JVM_OPTIONS), cold at the start of every round%n", report.consumerProcessJvmOptions());
        }
        if (!report.skipped().isEmpty()) {
            out.printf("skipped %s: %s%n", report.skipped(), NO_CPU_LIMITS);
        }
        Ceilings.Result c = report.ceilings();
        out.printf("%ncomponent ceilings (each alone, %,d operations): kafka producer acks=all %,.0f/s, allocation script %,.0f/s, "
                + "booking insert %,.0f/s%n", c.operations(), c.producerPerSecond(), c.allocationsPerSecond(), c.insertsPerSecond());
        out.println();
        for (Target t : report.targets()) {
            out.printf("target %-58s %-18s %s%n", t.name(), t.measured(), t.met() ? "met" : "MISSED");
        }
    }

    private static String spread(Spread s, String format) {
        if (Double.isNaN(s.median())) {
            return "-";
        }
        return String.format(format, s.median()) + " [" + String.format(format, s.min()) + "-" + String.format(format, s.max()) + "]";
    }
}
