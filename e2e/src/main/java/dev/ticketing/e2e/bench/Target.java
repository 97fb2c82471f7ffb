package dev.ticketing.e2e.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The performance issue's targets, judged on medians; a missed one is printed, never hidden. */
public record Target(String name, String measured, boolean met) {

    static List<Target> judge(List<Bench.Outcome> outcomes, Ceilings.Result ceilings) {
        List<Target> targets = new ArrayList<>();
        // Buyers learn their decision either way: over the event stream, or in the answer when they prefer to wait.
        for (String spike : List.of("spike-1k", "spike-1k-wait")) {
            find(outcomes, spike).ifPresent(o -> {
                targets.add(new Target(spike + ": all decided <= 0.5 s",
                        "%.3f s".formatted(o.allDecidedSeconds().median()), o.allDecidedSeconds().median() <= 0.5));
                targets.add(new Target(spike + ": accept p99 <= 250 ms",
                        "%,.0f ms".formatted(o.acceptP99Ms().median()), o.acceptP99Ms().median() <= 250));
            });
        }
        for (String steady : List.of("steady-100k", "steady-100k-wait")) {
            find(outcomes, steady).ifPresent(o -> {
                double rate = o.ticketsPerSecond().median();
                targets.add(new Target(steady + ": >= 3,000 tickets/s, every buyer learning the decision",
                        "%,.0f/s".formatted(rate), rate >= 3_000));
                double cpu = o.serverCpuMsPerTicket().median();
                targets.add(new Target(steady + ": server CPU <= 0.5 ms per ticket", "%.3f ms".formatted(cpu), cpu <= 0.5));
                double share = rate / ceilings.slowest();
                targets.add(new Target(steady + ": >= 25 %% of the slowest ceiling (%,.0f/s)".formatted(ceilings.slowest()),
                        "%.0f %%".formatted(100 * share), share >= 0.25));
            });
        }
        return targets;
    }

    private static Optional<Bench.Outcome> find(List<Bench.Outcome> outcomes, String name) {
        return outcomes.stream().filter(o -> o.scenario().name().equals(name)).findFirst();
    }
}
