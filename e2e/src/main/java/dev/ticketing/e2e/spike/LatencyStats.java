package dev.ticketing.e2e.spike;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Latencies in microseconds, recorded concurrently, measured from each request's intended send time
 * so that a stalled server cannot hide queueing (no coordinated omission).
 */
public final class LatencyStats {

    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final Histogram histogram = new ConcurrentHistogram(MAX_MICROS, 3);

    public void record(long nanos) {
        histogram.recordValue(Math.min(MAX_MICROS, Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos))));
    }

    /** Percentiles in milliseconds; all zero when nothing was recorded. */
    public Percentiles percentiles() {
        return Percentiles.of(histogram.copy());
    }

    /** The latency at each of the given percentiles, in milliseconds, for the report's distribution chart. */
    public double[] curve(double[] percentiles) {
        Histogram copy = histogram.copy();
        double[] ms = new double[percentiles.length];
        for (int i = 0; i < percentiles.length && copy.getTotalCount() > 0; i++) {
            ms[i] = copy.getValueAtPercentile(percentiles[i]) / 1000.0;
        }
        return ms;
    }

    public record Percentiles(long count, double p50, double p90, double p95, double p99, double p999, double max) {

        static Percentiles of(Histogram h) {
            if (h.getTotalCount() == 0) {
                return new Percentiles(0, 0, 0, 0, 0, 0, 0);
            }
            return new Percentiles(h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
                    ms(h.getValueAtPercentile(95)), ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)),
                    ms(h.getMaxValue()));
        }

        private static double ms(long micros) {
            return Math.round(micros / 10.0) / 100.0;
        }
    }
}
