package dev.ticketing.e2e.spike;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/** Samples a {@link ConsumerProbe} every {@link SpikeRunner#PROBE_STEP_MS} from a start until stopped, for the charts. */
public final class ConsumerSampler {

    private final ConsumerProbe probe;
    private final List<ConsumerProbe.Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;

    private ConsumerSampler(ConsumerProbe probe, long startNanos) {
        this.probe = probe;
        this.thread = Thread.ofPlatform().daemon().name("consumer-probe").start(() -> {
            for (long next = startNanos; !Thread.currentThread().isInterrupted(); next += SpikeRunner.PROBE_STEP_MS * 1_000_000L) {
                LockSupport.parkNanos(next - System.nanoTime());
                try {
                    samples.add(probe.sample());
                } catch (RuntimeException e) {
                    return; // the chart ends where the probe stopped answering; the round goes on
                }
            }
        });
    }

    /** @param startNanos when the first sample is due, on {@link System#nanoTime()}'s clock */
    public static ConsumerSampler start(ConsumerProbe probe, long startNanos) {
        return new ConsumerSampler(probe, startNanos);
    }

    /** Stops sampling and adds where the round ended (every decision seen). */
    public List<ConsumerProbe.Sample> stop() throws InterruptedException {
        thread.interrupt();
        thread.join();
        try {
            samples.add(probe.sample());
        } catch (RuntimeException e) {
            // the chart ends at the last answered sample
        }
        return List.copyOf(samples);
    }
}
