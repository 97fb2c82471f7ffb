package dev.ticketing.e2e.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.ticketing.operator.autoscaling.ScalingPolicy;
import dev.ticketing.runtime.sale.SalePlan;

/**
 * One benchmark load: a sale plan, a consumer pool, and the spike tool's settings (rate 0 = all at
 * once). {@code connections} caps buyers in flight (one process holds both ends of every socket, within the
 * file descriptor limit); latencies still count from the intended send time. {@code consumerMillicores} 0 runs
 * the consumers in the bench's JVM; otherwise each consumer is a process (a pod) limited to that much CPU.
 * {@code preferWaitSeconds} > 0: buyers send {@code Prefer: wait=N} and follow over the event stream only after a 202;
 * {@code followDecisions} false: buyers only book, and a round lasts until the server has decided every booking.
 */
public record Scenario(String name, String description, SalePlan plan, int consumers, int consumerMillicores, int buyers,
                       int requests, String quantity, double rate, int connections, Scaling scaling, int preferWaitSeconds,
                       boolean followDecisions) {

    /** Buyers following every booking over its event stream. */
    public Scenario(String name, String description, SalePlan plan, int consumers, int consumerMillicores, int buyers,
                    int requests, String quantity, double rate, int connections, Scaling scaling) {
        this(name, description, plan, consumers, consumerMillicores, buyers, requests, quantity, rate, connections, scaling, 0, true);
    }

    /** The same load with buyers who prefer to wait for the decision in the booking's answer. */
    Scenario waiting() {
        return new Scenario(name + "-wait", description + "; buyers send Prefer: wait=10", plan, consumers, consumerMillicores,
                buyers, requests, quantity, rate, connections, scaling, 10, true);
    }

    /** The same load with buyers who only book over kept-alive connections: what following the decisions costs. */
    Scenario bookingOnly() {
        return new Scenario(name + "-book-only", description + "; nobody follows the decisions", plan, consumers,
                consumerMillicores, buyers, requests, quantity, rate, connections, scaling, 0, false);
    }

    /**
     * Consumer processes scaled by the operator's autoscaler between {@code min} and {@code consumers}; with
     * {@code prewarm} > 0 that many start at once and the doors open {@code doorsOpenAfter} later, ready or not.
     */
    public record Scaling(int min, int prewarm, Duration doorsOpenAfter) {

        ScalingPolicy policy(int max, Instant now) {
            Instant opensAt = prewarm > 0 ? now.plus(doorsOpenAfter) : null;
            return new ScalingPolicy(ScalingPolicy.Mode.AUTO, min, max, 20, 0, 5, Duration.ZERO, Duration.ofSeconds(60), prewarm,
                    prewarm > 0 ? doorsOpenAfter.plusSeconds(60) : Duration.ofSeconds(60), opensAt, null);
        }
    }

    /** Fixed consumers. */
    public Scenario(String name, String description, SalePlan plan, int consumers, int consumerMillicores, int buyers,
                    int requests, String quantity, double rate, int connections) {
        this(name, description, plan, consumers, consumerMillicores, buyers, requests, quantity, rate, connections, null);
    }

    /** The many-small-consumers shape the seed recommends, for the scenarios about something else. */
    static final int DEFAULT_CONSUMERS = 10;

    /** The scenarios; BENCH_STEADY_RATE overrides the steady run's offered rate. */
    static List<Scenario> standard() {
        SalePlan seed = SalePlan.seedLayout("Bench arena");
        double steadyRate = Double.parseDouble(System.getenv().getOrDefault("BENCH_STEADY_RATE", "5000"));
        Scenario spike1k = new Scenario("spike-1k", "1,000 buyers at once for 1,000 seats (the seed's experiment)", seed,
                DEFAULT_CONSUMERS, 0, 1_000, 1_000, "1", 0, 1_000);
        Scenario spike10k = new Scenario("spike-10k", "10,000 buyers at once for 1,000 seats (10x oversubscribed), 4,000 in flight",
                seed, DEFAULT_CONSUMERS, 0, 10_000, 10_000, "1", 0, 4_000);
        Scenario steady = new Scenario("steady-100k", "100,000 seats, one ticket per booking offered at %,.0f/s".formatted(steadyRate),
                stadium(100_000), DEFAULT_CONSUMERS, 0, 1_000, 100_000, "1", steadyRate, 1_000);
        return List.of(
                spike1k, spike1k.waiting(), spike10k, spike10k.waiting(), steady, steady.waiting(), steady.bookingOnly(),
                consumerBudget(2, 500, seed),
                consumerBudget(4, 250, seed),
                consumerBudget(10, 100, seed),
                autoscaled("autoscaled-2x500m", 2, 500, new Scaling(1, 0, Duration.ZERO), seed),
                autoscaled("autoscaled-10x100m", 10, 100, new Scaling(1, 0, Duration.ZERO), seed),
                autoscaled("prewarmed-2x500m", 2, 500, new Scaling(1, 2, Duration.ofSeconds(5)), seed),
                profile(250, false, seed), profile(250, true, seed),
                profile(500, false, seed), profile(500, true, seed),
                profile(1000, false, seed), profile(1000, true, seed));
    }

    /** At one CPU budget: up to {@code max} consumers of {@code millicores}, from the minimum or pre-warmed. */
    private static Scenario autoscaled(String name, int max, int millicores, Scaling scaling, SalePlan seed) {
        String how = scaling.prewarm() > 0 ? "pre-warmed to %d, doors open %d s after they start".formatted(scaling.prewarm(),
                scaling.doorsOpenAfter().toSeconds()) : "autoscaled from %d warm".formatted(scaling.min());
        return new Scenario(name, "the seed's spike, up to %d consumer processes of %d millicores, %s".formatted(max, millicores, how),
                seed, max, millicores, 1_000, 1_000, "1", 0, 1_000, scaling);
    }

    /**
     * A consumer CPU profile (its limit; requests do not matter on one machine): 2 fixed consumers, or 1 to 4
     * autoscaled, under the seed's spike.
     */
    private static Scenario profile(int limitMillicores, boolean autoscaled, SalePlan seed) {
        String name = "profile-%dm-%s".formatted(limitMillicores, autoscaled ? "auto" : "fixed");
        String description = "consumer CPU limit %dm: %s".formatted(limitMillicores, autoscaled ? "1-4 autoscaled" : "2 fixed");
        return autoscaled
                ? new Scenario(name, description, seed, 4, limitMillicores, 1_000, 1_000, "1", 0, 1_000, new Scaling(1, 0, Duration.ZERO))
                : new Scenario(name, description, seed, 2, limitMillicores, 1_000, 1_000, "1", 0, 1_000);
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
