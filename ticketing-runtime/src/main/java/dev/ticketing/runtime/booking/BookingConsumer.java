package dev.ticketing.runtime.booking;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.context.Scope;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ticketing.runtime.Pause;
import dev.ticketing.runtime.config.RuntimeConfig;
import dev.ticketing.runtime.observability.Metrics;
import dev.ticketing.runtime.observability.Telemetry;

/**
 * One Kafka consumer of the sale's commands. Per poll: decide the batch (seat map, then database),
 * commit the offsets, then publish the outcomes. Offsets move only after the database commit, so a
 * crash anywhere replays the batch — and replays are idempotent on the booking id.
 */
public final class BookingConsumer implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BookingConsumer.class);

    private final RuntimeConfig config;
    private final BatchProcessor processor;
    private final OutcomeBus outcomes;
    private final Metrics metrics;
    private final Telemetry telemetry;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> deadLetters;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Instant lastPoll = Instant.now();
    private volatile boolean holdsPartitions;

    public BookingConsumer(RuntimeConfig config, BatchProcessor processor, OutcomeBus outcomes, Metrics metrics,
                           Telemetry telemetry) {
        this.config = config;
        this.processor = processor;
        this.outcomes = outcomes;
        this.metrics = metrics;
        this.telemetry = telemetry;
        this.consumer = new KafkaConsumer<>(consumerConfig(config), new StringDeserializer(), new ByteArrayDeserializer());
        Map<String, Object> producer = new HashMap<>(config.kafkaClientProperties());
        producer.put("bootstrap.servers", config.kafkaBootstrapServers());
        producer.put("acks", "all");
        producer.put("enable.idempotence", true);
        this.deadLetters = new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer());
    }

    static Map<String, Object> consumerConfig(RuntimeConfig config) {
        Map<String, Object> props = new HashMap<>(config.kafkaClientProperties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.consumerGroup());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.consumerMaxPollRecords());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putIfAbsent(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "ticketing-consumer-" + config.saleName());
        return props;
    }

    @Override
    public void run() {
        long backoff = 100;
        try {
            consumer.subscribe(List.of(config.commandsTopic()));
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                lastPoll = Instant.now();
                holdsPartitions = !consumer.assignment().isEmpty();
                if (records.isEmpty()) {
                    continue;
                }
                try {
                    handle(records);
                    backoff = 100;
                } catch (RuntimeException e) {
                    LOG.warn("batch failed; it will be replayed in {} ms records={} error={}", backoff, records.count(),
                            e.toString());
                    rewind(records);
                    Pause.millis(backoff);
                    backoff = Math.min(backoff * 2, 5_000);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            // No offset is committed here: whatever was not committed after its database write is replayed.
            consumer.close(Duration.ofSeconds(5));
            deadLetters.close(Duration.ofSeconds(5));
            stopped.countDown();
        }
    }

    private void handle(ConsumerRecords<String, byte[]> records) {
        long start = System.nanoTime();
        List<BookingCommand> commands = new ArrayList<>(records.count());
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        SpanBuilder spanBuilder = telemetry.tracer().spanBuilder(config.commandsTopic() + " process")
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.batch.message_count", (long) records.count());
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
            for (ConsumerRecord<String, byte[]> record : inPartition) {
                SpanContext producer = Span.fromContext(telemetry.extract(record.headers())).getSpanContext();
                if (producer.isValid()) {
                    spanBuilder.addLink(producer);
                }
                try {
                    commands.add(BookingCommand.fromBytes(record.value()));
                } catch (java.io.IOException e) {
                    deadLetter(record, e);
                }
            }
            offsets.put(partition, new OffsetAndMetadata(inPartition.getLast().offset() + 1));
        }
        Span span = spanBuilder.startSpan();
        try (Scope ignored = span.makeCurrent()) {
            List<BookingView> decided = processor.process(commands);
            consumer.commitSync(offsets);
            outcomes.publish(decided);
        } catch (RuntimeException e) {
            span.recordException(e);
            throw e;
        } finally {
            span.end();
        }
        metrics.recordBatch(commands.size(), System.nanoTime() - start);
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, Exception cause) {
        LOG.warn("unreadable command sent to the dead-letter topic partition={} offset={} error={}",
                record.partition(), record.offset(), cause.toString());
        var dead = new ProducerRecord<>(config.dlqTopic(), record.key(), record.value());
        dead.headers().add("ticketing.error", String.valueOf(cause.getMessage()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try {
            deadLetters.send(dead).get(config.kafkaAckTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write to the dead-letter topic " + config.dlqTopic(), e);
        }
    }

    private void rewind(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            if (consumer.assignment().contains(partition)) {
                consumer.seek(partition, records.records(partition).getFirst().offset());
            }
        }
    }

    /** Healthy while it keeps polling; one without partitions is idle (more members than partitions), not broken. */
    public boolean healthy() {
        return running && Duration.between(lastPoll, Instant.now()).compareTo(Duration.ofSeconds(30)) < 0;
    }

    /** Whether it has joined the group and been given partitions: only then does it add capacity. */
    public boolean holdsPartitions() {
        return holdsPartitions;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            stopped.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
