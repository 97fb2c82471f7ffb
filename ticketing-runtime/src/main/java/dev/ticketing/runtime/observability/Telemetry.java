package dev.ticketing.runtime.observability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import dev.ticketing.runtime.config.RuntimeConfig;

/**
 * Tracing: API → Kafka (W3C trace context in record headers) → consumer → Redis/SQL. Without an
 * OTLP endpoint the API is a no-op and costs next to nothing on the hot path.
 */
public final class Telemetry implements AutoCloseable {

    private static final TextMapSetter<Headers> HEADER_SETTER =
            (headers, key, value) -> headers.remove(key).add(key, value.getBytes(StandardCharsets.UTF_8));
    private static final TextMapGetter<Headers> HEADER_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            var keys = new java.util.ArrayList<String>();
            for (Header h : headers) {
                keys.add(h.key());
            }
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            Header h = headers == null ? null : headers.lastHeader(key);
            return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }
    };

    private final OpenTelemetry openTelemetry;
    private final Tracer tracer;
    private final AutoCloseable closer;

    public Telemetry(OpenTelemetry openTelemetry, AutoCloseable closer) {
        this.openTelemetry = openTelemetry;
        this.tracer = openTelemetry.getTracer("dev.ticketing.runtime");
        this.closer = closer;
    }

    public static Telemetry from(RuntimeConfig config, String role) {
        if (config.otlpEndpoint().isEmpty()) {
            return new Telemetry(OpenTelemetry.noop(), () -> { });
        }
        String endpoint = config.otlpEndpoint().get();
        SpanExporter exporter = "grpc".equals(config.otlpProtocol())
                ? OtlpGrpcSpanExporter.builder().setEndpoint(endpoint).setTimeout(Duration.ofSeconds(5)).build()
                : OtlpHttpSpanExporter.builder().setEndpoint(endpoint.replaceAll("/+$", "") + "/v1/traces")
                        .setTimeout(Duration.ofSeconds(5)).build();
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.builder()
                .put("service.name", config.serviceName())
                .put("ticketing.role", role)
                .put("ticketing.sale", config.namespace() + "/" + config.saleName())
                .build()));
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(resource)
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
                .build();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        return new Telemetry(sdk, sdk);
    }

    public Tracer tracer() {
        return tracer;
    }

    public void inject(Context context, Headers headers) {
        openTelemetry.getPropagators().getTextMapPropagator().inject(context, headers, HEADER_SETTER);
    }

    public Context extract(Headers headers) {
        return openTelemetry.getPropagators().getTextMapPropagator().extract(Context.root(), headers, HEADER_GETTER);
    }

    @Override
    public void close() throws Exception {
        closer.close();
    }
}
