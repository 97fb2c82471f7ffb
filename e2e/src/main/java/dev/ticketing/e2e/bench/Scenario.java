package dev.ticketing.e2e.bench;

import java.util.ArrayList;
import java.util.List;

import dev.ticketing.runtime.sale.SalePlan;

/**
 * One benchmark load: a sale plan, a consumer pool, and the spike tool's settings (rate 0 = all at
 * once). {@code connections} caps buyers in flight (one process holds both ends of every socket, within the
 * file descriptor limit); latencies still count from the intended send time. {@code consumerMillicores} 0 runs
 * the consumers in the bench's JVM; otherwise each consumer is a process (a pod) limited to that much CPU.
 */
public record Scenario(String name, String description, SalePlan plan, int consumers, int consumerMillicores, int buyers,
                       int requests, String quantity, double rate, int connections) {

    /** The many-small-consumers shape the seed recommends, for the scenarios about something else. */
    static final int DEFAULT_CONSUMERS = 10;

    /** The scenarios; BENCH_STEADY_RATE overrides the steady run's offered rate. */
    static List<Scenario> standard() {
        SalePlan seed = SalePlan.seedLayout("Bench arena");
        double steadyRate = Double.parseDouble(System.getenv().getOrDefault("BENCH_STEADY_RATE", "5000"));
        return List.of(
                new Scenario("spike-1k", "1,000 buyers at once for 1,000 seats (the seed's experiment)", seed,
                        DEFAULT_CONSUMERS, 0, 1_000, 1_000, "1", 0, 1_000),
                new Scenario("spike-10k", "10,000 buyers at once for 1,000 seats (10x oversubscribed), 4,000 in flight", seed,
                        DEFAULT_CONSUMERS, 0, 10_000, 10_000, "1", 0, 4_000),
                new Scenario("steady-100k", "100,000 seats, one ticket per booking offered at %,.0f/s".formatted(steadyRate),
                        stadium(100_000), DEFAULT_CONSUMERS, 0, 1_000, 100_000, "1", steadyRate, 1_000),
                consumerBudget(2, 500, seed),
                consumerBudget(4, 250, seed),
                consumerBudget(10, 100, seed));
    }

    /** The seed's consumer experiment at one CPU for all consumers: each a process with its share as its CPU limit. */
    private static Scenario consumerBudget(int consumers, int millicores, SalePlan seed) {
        return new Scenario("consumers-%dx%dm".formatted(consumers, millicores),
                "the seed's spike, consumers as %d processes limited to %d millicores each (1 CPU in all)".formatted(consumers, millicores),
                seed, consumers, millicores, 1_000, 1_000, "1", 0, 1_000);
    }

    /** Ten sections of 10 x 10 subsections; seats must be a multiple of 1,000. */
    static SalePlan stadium(int seats) {
        List<SalePlan.Section> sections = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sections.add(new SalePlan.Section(String.valueOf((char) ('A' + i)), 5000 - 400 * i, seats / 1_000));
        }
        return new SalePlan("Bench stadium", 10, 10, 4, sections);
    }
}
