package dev.ticketing.runtime.booking;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.ticketing.runtime.config.RuntimeConfig;
import dev.ticketing.runtime.http.ApiException;
import dev.ticketing.runtime.observability.Telemetry;

/**
 * Publishes commands and returns only once the broker has acknowledged them (acks=all, idempotent).
 * One producer per process: concurrent requests share its batches, which is what makes the 202 cheap.
 */
public final class CommandPublisher implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final long ackTimeoutMillis;
    private final Telemetry telemetry;

    public CommandPublisher(RuntimeConfig config, Telemetry telemetry) {
        this.topic = config.commandsTopic();
        this.ackTimeoutMillis = config.kafkaAckTimeout().toMillis();
        this.telemetry = telemetry;
        this.producer = new KafkaProducer<>(producerConfig(config), new StringSerializer(), new ByteArraySerializer());
    }

    static Map<String, Object> producerConfig(RuntimeConfig config) {
        Map<String, Object> props = new HashMap<>(config.kafkaClientProperties());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, config.kafkaLingerMs());
        // Commands are ~200 bytes: compressing them saves little network and costs the broker a decompression
        // per batch to validate it — on the 2-core bench machine lz4 halved the producer's ceiling.
        props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "ticketing-api-" + config.saleName());
        // Past the ack timeout the request has already been answered 503; don't keep retrying for minutes.
        long timeout = config.kafkaAckTimeout().toMillis();
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(timeout / 2, 1));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout + config.kafkaLingerMs());
        return props;
    }

    /** @throws ApiException 503 when the broker does not acknowledge within the configured time */
    public void publish(BookingCommand command) {
        Span span = telemetry.tracer().spanBuilder(topic + " publish").setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", topic)
                .setAttribute("ticketing.booking_id", command.bookingId().toString())
                .startSpan();
        try {
            var record = new ProducerRecord<>(topic, command.partitionKey(), command.toBytes());
            telemetry.inject(Context.current().with(span), record.headers());
            producer.send(record).get(ackTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException | org.apache.kafka.common.KafkaException e) {
            span.recordException(e);
            throw ApiException.unavailable("broker_unavailable",
                    "the booking could not be stored safely right now; retry with the same Idempotency-Key");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("broker_unavailable", "interrupted while waiting for the broker");
        } finally {
            span.end();
        }
    }

    /** Sends all, then waits for every ack: one round of batches, not one round trip per command. */
    public void publishAll(java.util.List<BookingCommand> commands) {
        var acks = new java.util.ArrayList<java.util.concurrent.Future<?>>(commands.size());
        try {
            for (BookingCommand command : commands) {
                acks.add(producer.send(new ProducerRecord<>(topic, command.partitionKey(), command.toBytes())));
            }
            for (var ack : acks) {
                ack.get(ackTimeoutMillis, TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException | ExecutionException | org.apache.kafka.common.KafkaException e) {
            throw ApiException.unavailable("broker_unavailable", "the broker did not acknowledge " + commands.size() + " commands");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("broker_unavailable", "interrupted while waiting for the broker");
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
