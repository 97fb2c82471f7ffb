package dev.ticketing.operator.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.ticketing.operator.autoscaling.Autoscaler;
import dev.ticketing.operator.autoscaling.InMemoryDecisionHistory;
import dev.ticketing.operator.autoscaling.ScalingDecision;
import dev.ticketing.operator.autoscaling.ScalingPolicy;
import dev.ticketing.services.SharedServices;

/** The autoscaler on offsets read from a real broker: a backlog nobody consumes, then consumed. */
class KafkaLagSourceTest {

    @Test
    void a_backlog_with_no_consumer_raises_the_replicas_and_once_consumed_they_fall_after_the_window() throws Exception {
        String bootstrap = SharedServices.kafkaBootstrapServers();
        String topic = "lag-" + UUID.randomUUID();
        String group = "group-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 8, (short) 1))).all().get();
            try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap),
                    new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 200; i++) {
                    producer.send(new ProducerRecord<>(topic, i % 8, "A:" + i, "{}"));
                }
            }
            var clock = Clock.fixed(Instant.parse("2026-12-01T20:00:00Z"), ZoneOffset.UTC);
            var moving = new Clock[] {clock};
            Clock now = new Clock() {
                public ZoneOffset getZone() { return ZoneOffset.UTC; }
                public Clock withZone(java.time.ZoneId zone) { return this; }
                public Instant instant() { return moving[0].instant(); }
            };
            var source = new KafkaLagSource(bootstrap, Map.of(), topic, group, now);
            var autoscaler = new Autoscaler(now);
            var history = new InMemoryDecisionHistory();
            var policy = new ScalingPolicy(ScalingPolicy.Mode.AUTO, 1, 50, 20, 0, 5, Duration.ZERO, Duration.ofSeconds(4), 0,
                    Duration.ofSeconds(60), null, null);

            ScalingDecision up = autoscaler.decide(policy, source, history, 1, 0, 8);
            assertThat(up.lag().orElseThrow().totalLag()).as("nothing committed: the group would read from the start")
                    .isEqualTo(200);
            assertThat(up.replicas()).as("200 / 20 = 10, capped at the 8 partitions").isEqualTo(8);

            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 8; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, OffsetAndMetadata> consumed = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> consumed.put(tp, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(group, consumed).all().get();

            moving[0] = Clock.offset(clock, Duration.ofSeconds(2));
            ScalingDecision held = autoscaler.decide(policy, source, history, 8, 8, 8);
            assertThat(held.lag().orElseThrow().totalLag()).isZero();
            assertThat(held.replicas()).as("within the scale-down window").isEqualTo(8);
            moving[0] = Clock.offset(clock, Duration.ofSeconds(7));
            ScalingDecision down = autoscaler.decide(policy, source, history, 8, 8, 8);
            assertThat(down.replicas()).isEqualTo(1);

            // A committed offset past the log end (e.g. the topic was recreated) is reported, not scaled for.
            consumed.put(new TopicPartition(topic, 0), new OffsetAndMetadata(consumed.get(new TopicPartition(topic, 0)).offset() + 1_000));
            admin.alterConsumerGroupOffsets(group, consumed).all().get();
            moving[0] = Clock.offset(clock, Duration.ofSeconds(9));
            ScalingDecision invalid = autoscaler.decide(policy, source, history, 1, 1, 8);
            assertThat(invalid.lag().orElseThrow().invalid()).singleElement().asString().contains("past the log end");
            assertThat(invalid.replicas()).isEqualTo(1);
        }
    }

    @Test
    void an_unknown_topic_or_an_unreachable_broker_gives_no_sample() throws Exception {
        var clock = Clock.systemUTC();
        assertThat(new KafkaLagSource(SharedServices.kafkaBootstrapServers(), Map.of(), "no-such-topic-" + UUID.randomUUID(),
                "g", clock).sample()).isEqualTo(Optional.empty());
        int deadPort;
        try (var socket = new java.net.ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        assertThat(new KafkaLagSource("127.0.0.1:" + deadPort, Map.of(), "t", "g", clock).sample()).isEmpty();
    }
}
