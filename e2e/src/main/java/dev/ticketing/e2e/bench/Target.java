package dev.ticketing.e2e.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The performance issue's targets, judged on medians; a missed one is printed, never hidden. */
public record Target(String name, String measured, boolean met) {

    static List<Target> judge(List<Bench.Outcome> outcomes, Ceilings.Result ceilings) {
        List<Target> targets = new ArrayList<>();
        find(outcomes, "spike-1k").ifPresent(o -> {
            targets.add(new Target("spike-1k: all decided <= 0.5 s",
                    "%.3f s".formatted(o.allDecidedSeconds().median()), o.allDecidedSeconds().median() <= 0.5));
            targets.add(new Target("spike-1k: accept p99 <= 250 ms",
                    "%,.0f ms".formatted(o.acceptP99Ms().median()), o.acceptP99Ms().median() <= 250));
        });
        find(outcomes, "steady-100k").ifPresent(o -> {
            double rate = o.ticketsPerSecond().median();
            targets.add(new Target("steady-100k: >= 3,000 tickets/s, every buyer following", "%,.0f/s".formatted(rate),
                    rate >= 3_000));
            double share = rate / ceilings.slowest();
            targets.add(new Target("steady-100k: >= 25 %% of the slowest ceiling (%,.0f/s)".formatted(ceilings.slowest()),
                    "%.0f %%".formatted(100 * share), share >= 0.25));
        });
        return targets;
    }

    private static Optional<Bench.Outcome> find(List<Bench.Outcome> outcomes, String name) {
        return outcomes.stream().filter(o -> o.scenario().name().equals(name)).findFirst();
    }
}
