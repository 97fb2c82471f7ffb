package dev.ticketing.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.ticketing.e2e.spike.SpikeRunner;
import dev.ticketing.runtime.sale.SalePlan;

/** The bench's maths and table, and one tiny scenario end to end: its counters and shape, not its timings. */
class BenchTest {

    @Test
    void spread_is_the_median_and_range_of_the_rounds_that_have_a_value() {
        assertThat(Bench.Spread.of(new double[] {0.9, 0.3, 0.5})).isEqualTo(new Bench.Spread(0.5, 0.3, 0.9));
        assertThat(Bench.Spread.of(new double[] {4, 1, 3, 2})).isEqualTo(new Bench.Spread(2.5, 1, 4));
        assertThat(Bench.Spread.of(new double[] {Double.NaN, 2})).isEqualTo(new Bench.Spread(2, 2, 2));
        assertThat(Bench.Spread.of(new double[] {Double.NaN}).median()).isNaN();
    }

    @Test
    void targets_are_judged_on_medians_and_missed_ones_are_reported() {
        Scenario spike = new Scenario("spike-1k", "", SalePlan.seedLayout("x"), 1, 0, 1, 1, "1", 0, 1);
        Scenario steady = new Scenario("steady-100k", "", SalePlan.seedLayout("x"), 1, 0, 1, 1, "1", 1, 1);
        var outcomes = List.of(
                Bench.Outcome.of(spike, List.of(round(0.4, 9_000, 100), round(0.7, 9_000, 300), round(0.45, 9_000, 240))),
                Bench.Outcome.of(steady, List.of(round(10, 5_500, 5_000), round(10, 2_000, 5_000), round(10, 6_000, 5_000))));
        var ceilings = new Ceilings.Result(1, 1, 30_000, 20_000, 22_000);

        List<Target> targets = Target.judge(outcomes, ceilings);

        assertThat(targets).extracting(Target::met).containsExactly(true, true, true, true, true);
        assertThat(targets.getFirst().measured()).isEqualTo("0.450 s");
        assertThat(targets.get(3).measured()).isEqualTo("0.320 ms");
        assertThat(targets.get(4).measured()).isEqualTo("28 %");
        var faster = new Ceilings.Result(1, 1, 30_000, 30_000, 25_000);
        assertThat(Target.judge(outcomes, faster).get(4).met()).as("5,500 of 25,000 is under a quarter").isFalse();
    }

    @Test
    void a_small_scenario_runs_on_fresh_sales_and_lands_in_the_table() throws Exception {
        SalePlan plan = new SalePlan("Bench hall", 2, 5, 4, List.of(new SalePlan.Section("A", 100, 10)));
        Scenario scenario = new Scenario("tiny", "150 buyers for 100 seats", plan, 2, 0, 50, 150, "1", 0, 150);
        List<SpikeRunner.RoundResult> kept = new ArrayList<>();
        java.nio.file.Path profiles = java.nio.file.Files.createTempDirectory("bench-profiles");
        var table = new ByteArrayOutputStream();

        Bench.Report report = Bench.run(List.of(scenario), 2, new WarmUp(2, 2), 200, new PrintStream(new ByteArrayOutputStream()),
                (s, results, bills) -> kept.addAll(results), s -> profiles.resolve(s.name()));
        Bench.print(new PrintStream(table, true, StandardCharsets.UTF_8), report);

        Bench.Outcome outcome = report.outcomes().getFirst();
        assertThat(outcome.rounds()).hasSize(2).allSatisfy(r -> {
            assertThat(r.correct()).isTrue();
            assertThat(r.ticketsSold()).as("each round sells its own fresh sale out").isEqualTo(100).isEqualTo(r.ticketsTotal());
            assertThat(r.selloutSeconds()).as("the sale clock runs from the first accepted booking").isPositive();
            assertThat(r.ticketsPerSecond()).isPositive();
            assertThat(r.allDecidedSeconds()).as("every buyer learned an outcome").isPositive();
            assertThat(r.machineCpuSeconds()).as("the machine's CPU in the round, from /proc/stat").isPositive();
            CpuBill bill = r.cpuSeconds();
            assertThat(List.of(bill.api(), bill.consumers(), bill.broker(), bill.postgres(), bill.redis(), bill.generator()))
                    .as("every part of the sale, and the load generator in its own process, has its CPU read: %s", bill)
                    .allSatisfy(seconds -> assertThat(seconds).isPositive());
            assertThat(bill.jitGc()).as("the JIT's and GC's threads, read from /proc").isNotNegative();
            assertThat(bill.eachConsumer()).as("each of the two consumers' poll loops").hasSize(2)
                    .allSatisfy((consumer, seconds) -> assertThat(seconds).isPositive().isLessThanOrEqualTo(bill.consumers()));
            assertThat(r.serverCpuMsPerTicket()).isCloseTo(bill.server() * 1_000 / 100, org.assertj.core.data.Offset.offset(1e-9));
        });
        assertThat(kept).extracting(SpikeRunner.RoundResult::round).containsExactly(1, 2);
        assertThat(profiles.resolve("tiny-r1.html")).as("a flame graph per measured round").isNotEmptyFile();
        assertThat(java.nio.file.Files.readString(profiles.resolve("tiny-r2.collapsed"))).as("stacks under their threads")
                .contains("[booking-consumer-");
        assertThat(kept.getFirst().timeline().consumers()).as("the sandbox's consumer group was sampled").isNotEmpty()
                .contains(2);
        assertThat(java.util.Arrays.stream(kept.getFirst().timeline().lag()).boxed().toList()).as("lag counts commands: never negative, never more than were sent")
                .isNotEmpty().allSatisfy(lag -> assertThat(lag).isBetween(0L, 150L));
        assertThat(report.targets()).as("no issue target belongs to this scenario").isEmpty();
        assertThat(table.toString(StandardCharsets.UTF_8)).contains("tiny").contains("component ceilings");
        assertThat(new ObjectMapper().readTree(Bench.json(report)).at("/outcomes/0/scenario/name").asText())
                .isEqualTo("tiny");
    }

    @Test
    void the_warm_up_lasts_until_the_jits_compile_time_per_round_stops_falling() {
        WarmUp warmUp = new WarmUp(2, 6);

        assertThat(warmUp.done(List.of())).isFalse();
        assertThat(warmUp.done(List.of(100L))).as("fewer than the least").isFalse();
        assertThat(warmUp.done(List.of(20_000L, 9_000L))).isFalse();
        assertThat(warmUp.done(List.of(20_000L, 9_000L, 5_900L, 4_200L, 2_400L))).isFalse();
        assertThat(warmUp.done(List.of(20_000L, 9_000L, 5_900L, 4_200L, 2_400L, 3_000L))).isTrue();
        assertThat(warmUp.done(List.of(2_000L, 1_900L))).as("still falling").isFalse();
        assertThat(warmUp.done(List.of(2_000L, 2_000L))).isTrue();
        assertThat(warmUp.done(List.of(9L, 8L, 4L, 2L, 1L, 0L))).as("no more than the most").isTrue();
        assertThat(warmUp.done(List.of(-1L, -1L))).as("a JVM that does not time its JIT: the least").isTrue();
    }

    @Test
    void every_standard_scenario_can_be_kept_as_json() throws Exception {
        var scenarios = new ObjectMapper().readTree(Bench.json(Scenario.standard()));

        assertThat(scenarios).hasSize(Scenario.standard().size());
        assertThat(scenarios.findValues("doorsOpenAfter")).as("the pre-warmed scenarios' lead, in seconds")
                .isNotEmpty().allSatisfy(lead -> assertThat(lead.isNumber()).isTrue());
    }

    @Test
    void the_jvms_jit_and_gc_threads_are_told_from_the_others_by_name() {
        assertThat(List.of("C2 CompilerThre\n", "C1 CompilerThre", "GC Thread#0", "G1 Conc#0", "G1 Refine#0"))
                .allMatch(JvmServiceThreads::isServiceThread);
        assertThat(List.of("data-plane-kafk", "ForkJoinPool-1-", "booking-consume", "java")).noneMatch(JvmServiceThreads::isServiceThread);
        assertThat(ThreadClocks.runtimeNanos("3154936 0 1\n")).isEqualTo(3_154_936L);
    }

    @Test
    void the_machines_busy_time_counts_everything_but_idle_and_io_wait() {
        assertThat(MachineCpu.busy("cpu  100 20 30 4000 50 6 7 8 0 0")).isEqualTo(100 + 20 + 30 + 6 + 7 + 8);
    }

    private static Bench.Round round(double allDecided, double ticketsPerSecond, double acceptP99) {
        var cpu = new CpuBill(0.08, 0.02, 0.1, 0.05, 0.05, 0.02, 0.1, 0.45, Map.of("booking-consumer-0", 0.06));
        return new Bench.Round(1, allDecided, allDecided, ticketsPerSecond, acceptP99, 0, 0, 1, 1, 1, 0, true, Double.NaN, cpu, cpu);
    }
}
