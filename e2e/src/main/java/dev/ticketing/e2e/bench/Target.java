package dev.ticketing.e2e.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The benchmark issue's performance targets, judged on medians; a missed one is printed, never hidden. */
public record Target(String name, String measured, boolean met) {

    static List<Target> judge(List<Bench.Outcome> outcomes, Ceilings.Result ceilings) {
        List<Target> targets = new ArrayList<>();
        find(outcomes, "spike-1k").ifPresent(o -> {
            targets.add(new Target("spike-1k: sellout <= 0.3 s (the seed: 2.53 s on 12 cores)",
                    "%.3f s".formatted(o.selloutSeconds().median()), o.selloutSeconds().median() <= 0.3));
            targets.add(new Target("spike-1k: accept p99 <= 250 ms",
                    "%,.0f ms".formatted(o.acceptP99Ms().median()), o.acceptP99Ms().median() <= 250));
        });
        find(outcomes, "steady-100k").ifPresent(o -> {
            double rate = o.ticketsPerSecond().median();
            targets.add(new Target("steady-100k: >= 10,000 tickets/s", "%,.0f/s".formatted(rate), rate >= 10_000));
            double share = rate / ceilings.slowest();
            targets.add(new Target("steady-100k: >= 50 %% of the slowest ceiling (%,.0f/s)".formatted(ceilings.slowest()),
                    "%.0f %%".formatted(100 * share), share >= 0.5));
        });
        return targets;
    }

    private static Optional<Bench.Outcome> find(List<Bench.Outcome> outcomes, String name) {
        return outcomes.stream().filter(o -> o.scenario().name().equals(name)).findFirst();
    }
}
