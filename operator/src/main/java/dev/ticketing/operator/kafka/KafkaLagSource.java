package dev.ticketing.operator.kafka;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ticketing.operator.autoscaling.LagSample;
import dev.ticketing.operator.autoscaling.LagSource;

/** A sale's lag as its consumer group has it in Kafka: end offsets against the group's committed offsets. */
public final class KafkaLagSource implements LagSource {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaLagSource.class);

    private final String bootstrapServers;
    private final Map<String, String> clientProperties;
    private final String topic;
    private final String group;
    private final Clock clock;

    public KafkaLagSource(String bootstrapServers, Map<String, String> clientProperties, String topic, String group, Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = clientProperties;
        this.topic = topic;
        this.group = group;
        this.clock = clock;
    }

    @Override
    public Optional<LagSample> sample() {
        try {
            return KafkaAdmins.shared().offsets(bootstrapServers, clientProperties, topic, group)
                    .map(partitions -> new LagSample(clock.instant(), partitions));
        } catch (RuntimeException e) {
            LOG.debug("offsets unavailable topic={} error={}", topic, e.getMessage());
            return Optional.empty();
        }
    }
}
