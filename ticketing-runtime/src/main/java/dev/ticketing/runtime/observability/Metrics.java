package dev.ticketing.runtime.observability;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
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
    private final DistributionSummary batchSize;
    private final Timer batchDuration;

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
    }

    public void recordRequest(String route, String method, int status, long nanos) {
        Timer.builder("ticketing_http_requests")
                .description("HTTP requests by route and status")
                .tags("route", route, "method", method, "status", String.valueOf(status))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry)
                .record(Duration.ofNanos(nanos));
    }

    public void recordBatch(int size, long nanos) {
        batchSize.record(size);
        batchDuration.record(Duration.ofNanos(nanos));
    }

    public void countBooking(String outcome) {
        Counter.builder("ticketing_bookings").description("Booking decisions by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    public void countSeatMapRebuild(String reason) {
        Counter.builder("ticketing_seat_map_rebuilds").tag("reason", reason).register(registry).increment();
    }

    public String scrape() {
        return registry.scrape();
    }
}
