package dev.ticketing.runtime.observability;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The process's Prometheus metrics: requests, latency, batch sizes, bookings by outcome. */
public final class Metrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger openStreams = new AtomicInteger();
    private final DistributionSummary batchSize;
    private final Timer batchDuration;
    private final Counter confirmedBookings;
    private final Counter failedBookings;
    private final java.util.Map<String, Timer> requestTimers = new java.util.concurrent.ConcurrentHashMap<>();

    public Metrics(String role) {
        registry.config().commonTags("role", role);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        batchSize = DistributionSummary.builder("ticketing_consumer_batch_size")
                .description("Commands per consumer poll batch")
                .serviceLevelObjectives(1, 10, 50, 100, 500, 1_000, 5_000)
                .register(registry);
        batchDuration = Timer.builder("ticketing_consumer_batch_duration")
                .description("Seat map, database and offset commit time per batch")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        Gauge.builder("ticketing_sse_streams_open", openStreams, AtomicInteger::get)
                .description("Booking event streams currently open").register(registry);
        confirmedBookings = bookings("confirmed");
        failedBookings = bookings("failed");
    }

    private Counter bookings(String outcome) {
        return Counter.builder("ticketing_bookings").description("Booking decisions by outcome")
                .tag("outcome", outcome).register(registry);
    }

    /** Timers are looked up once per route, method and status, not built again on every request. */
    public void recordRequest(String route, String method, int status, long nanos) {
        requestTimers.computeIfAbsent(method + " " + route + " " + status, key -> Timer.builder("ticketing_http_requests")
                .description("HTTP requests by route and status")
                .tags("route", route, "method", method, "status", String.valueOf(status))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry))
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void recordBatch(int size, long nanos) {
        batchSize.record(size);
        batchDuration.record(Duration.ofNanos(nanos));
    }

    /** Once per batch. */
    public void countBookings(long confirmed, long failed) {
        confirmedBookings.increment(confirmed);
        failedBookings.increment(failed);
    }

    public void countSeatMapRebuild(String reason) {
        Counter.builder("ticketing_seat_map_rebuilds").tag("reason", reason).register(registry).increment();
    }

    /** The API counts its open event streams here. */
    public AtomicInteger openStreams() {
        return openStreams;
    }

    public String scrape() {
        return registry.scrape();
    }
}
