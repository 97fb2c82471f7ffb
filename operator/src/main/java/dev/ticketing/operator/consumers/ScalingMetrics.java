package dev.ticketing.operator.consumers;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * Prometheus gauges per sale: {@code ticketing_operator_consumer_lag}, {@code ..._desired_replicas} and
 * {@code ..._replicas}, labelled {@code namespace} and {@code sale}.
 */
public final class ScalingMetrics {

    private record Gauges(AtomicLong lag, AtomicLong desired, AtomicLong current) {
    }

    private final MeterRegistry registry;
    private final Map<ResourceID, Gauges> sales = new ConcurrentHashMap<>();

    public ScalingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(ResourceID sale, long lag, int desired, int current) {
        Gauges gauges = sales.computeIfAbsent(sale, id -> {
            Tags tags = Tags.of("namespace", id.getNamespace().orElse(""), "sale", id.getName());
            Gauges g = new Gauges(new AtomicLong(), new AtomicLong(), new AtomicLong());
            Gauge.builder("ticketing.operator.consumer.lag", g.lag(), AtomicLong::get).tags(tags)
                    .description("Commands not yet processed").register(registry);
            Gauge.builder("ticketing.operator.consumer.desired.replicas", g.desired(), AtomicLong::get).tags(tags)
                    .description("Consumer replicas the autoscaler wants").register(registry);
            Gauge.builder("ticketing.operator.consumer.replicas", g.current(), AtomicLong::get).tags(tags)
                    .description("Consumer replicas that exist").register(registry);
            return g;
        });
        gauges.lag().set(lag);
        gauges.desired().set(desired);
        gauges.current().set(current);
    }

    public void forget(ResourceID sale) {
        if (sales.remove(sale) != null) {
            Tags tags = Tags.of("namespace", sale.getNamespace().orElse(""), "sale", sale.getName());
            for (String name : new String[] {"ticketing.operator.consumer.lag", "ticketing.operator.consumer.desired.replicas",
                    "ticketing.operator.consumer.replicas"}) {
                var gauge = registry.find(name).tags(tags).gauge();
                if (gauge != null) {
                    registry.remove(gauge);
                }
            }
        }
    }
}
