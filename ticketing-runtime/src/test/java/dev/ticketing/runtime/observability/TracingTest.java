package dev.ticketing.runtime.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import dev.ticketing.runtime.Role;
import dev.ticketing.runtime.RuntimeFixture;
import dev.ticketing.runtime.booking.BatchHooks;
import dev.ticketing.runtime.sale.SalePlan;

/** One booking leaves one connected trace: API → Kafka (record headers) → consumer → Redis and SQL. */
class TracingTest {

    @Test
    void a_booking_is_traced_from_the_api_through_kafka_to_redis_and_postgresql() {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
        try (RuntimeFixture sale = RuntimeFixture.create("tracing", SalePlan.seedLayout("Traced"), Map.of())
                .startRuntime(EnumSet.of(Role.API, Role.CONSUMER), 1, BatchHooks.NONE, new Telemetry(sdk, sdk))) {
            String token = sale.newBuyer();
            assertThat(sale.post("/api/v1/sales/" + sale.sale() + "/bookings", token,
                    "{\"section\":\"C\",\"subsection\":4,\"quantity\":2}").status()).isEqualTo(202);

            // Spans are exported when they end, and parents end after their children: wait for every one.
            String serverName = "POST /api/v1/sales/{sale}/bookings";
            String publishName = sale.config().commandsTopic() + " publish";
            String processName = sale.config().commandsTopic() + " process";
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(exporter.getFinishedSpanItems())
                    .extracting(SpanData::getName)
                    .contains(serverName, publishName, processName, "redis seat map", "postgres persist bookings"));
            List<SpanData> spans = exporter.getFinishedSpanItems();
            SpanData server = named(spans, serverName);
            SpanData publish = named(spans, publishName);
            SpanData process = named(spans, processName);
            SpanData redis = named(spans, "redis seat map");
            SpanData postgres = named(spans, "postgres persist bookings");

            assertThat(server.getKind()).isEqualTo(SpanKind.SERVER);
            assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
            assertThat(publish.getParentSpanId()).isEqualTo(server.getSpanId());
            assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(process.getLinks()).anySatisfy(link ->
                    assertThat(link.getSpanContext().getSpanId()).isEqualTo(publish.getSpanId()));
            assertThat(redis.getParentSpanId()).isEqualTo(process.getSpanId());
            assertThat(postgres.getParentSpanId()).isEqualTo(process.getSpanId());
        }
    }

    private static SpanData named(List<SpanData> spans, String name) {
        return spans.stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans.stream().map(SpanData::getName).toList()));
    }
}
