package dev.ticketing.e2e.bench;

import java.io.PrintStream;
import java.util.List;

import dev.ticketing.e2e.sandbox.Sandbox;
import dev.ticketing.e2e.spike.ConsumerProbe;
import dev.ticketing.e2e.spike.ConsumerSampler;
import dev.ticketing.e2e.spike.GeneratorProcess;
import dev.ticketing.e2e.spike.SpikeRunner;

/**
 * One round of the spike tool against a sandbox sale, the tool in a JVM of its own: the round as its buyers saw it,
 * the consumer side sampled beside it for the charts, and its {@link CpuBill} read at the tool's fences.
 */
public final class GeneratedRound {

    public record Result(SpikeRunner.RoundResult result, CpuBill cpu) {
    }

    private GeneratedRound() {
    }

    /** @param settings one round, no warm-up: the bill is read around exactly that round */
    public static Result run(GeneratorProcess generator, Sandbox sandbox, ConsumerProbe probe, SpikeRunner.Settings settings,
                             PrintStream progress) throws Exception {
        return run(generator, sandbox, probe, settings, progress, null);
    }

    /** @param profile where to write a CPU profile of this JVM between the round's fences ({@link Profiling}), or null */
    static Result run(GeneratorProcess generator, Sandbox sandbox, ConsumerProbe probe, SpikeRunner.Settings settings,
                      PrintStream progress, java.nio.file.Path profile) throws Exception {
        if (settings.rounds() != 1 || settings.warmUp()) {
            throw new IllegalArgumentException("a generated round is one round without warm-up");
        }
        Fences fences = new Fences(new CpuMeter(sandbox), probe, profile, progress);
        SpikeRunner.RoundResult result = generator.run(settings, progress, fences).getFirst();
        return new Result(result.withConsumerSamples(fences.samples), fences.bill());
    }

    /** At the generator's fences: the CPU readings, and the consumer side sampled in between. */
    private static final class Fences implements GeneratorProcess.Listener {

        private final CpuMeter meter;
        private final ConsumerProbe probe;
        private CpuMeter.Reading before;
        private CpuMeter.Reading after;
        private ConsumerSampler sampler;
        private List<ConsumerProbe.Sample> samples = List.of();
        private final java.nio.file.Path profile;
        private final PrintStream progress;
        private Profiling profiling;

        Fences(CpuMeter meter, ConsumerProbe probe, java.nio.file.Path profile, PrintStream progress) {
            this.meter = meter;
            this.probe = probe;
            this.profile = profile;
            this.progress = progress;
        }

        @Override
        public void starting(int round, ProcessHandle generator) {
            profiling = Profiling.start(profile, progress);
            before = meter.read(generator);
            // The generator sends its first request 50 ms after this fence.
            sampler = ConsumerSampler.start(probe, System.nanoTime() + 50_000_000L);
        }

        @Override
        public void decided(int round, ProcessHandle generator) {
            after = meter.read(generator);
            profiling.close();
            try {
                samples = sampler.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        CpuBill bill() {
            if (before == null || after == null) {
                throw new IllegalStateException("the load generator ended before its round did");
            }
            return CpuMeter.between(before, after);
        }
    }
}
