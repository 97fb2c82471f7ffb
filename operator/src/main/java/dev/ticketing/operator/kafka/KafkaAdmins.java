package dev.ticketing.operator.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import java.util.ArrayList;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import dev.ticketing.operator.autoscaling.PartitionOffsets;

/**
 * One Kafka admin client per cluster (sales may point at different clusters), with bounded waits so an
 * unreachable cluster becomes an error the reconciler reports, never a stuck thread.
 */
public final class KafkaAdmins implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 10;
    /** Lag is read every few seconds while a sale sells: a slow answer is skipped, not waited for. */
    private static final long LAG_TIMEOUT_SECONDS = 3;
    private static final KafkaAdmins SHARED = new KafkaAdmins();

    private final Map<String, Admin> admins = new ConcurrentHashMap<>();

    public static KafkaAdmins shared() {
        return SHARED;
    }

    public Optional<KafkaTopic> describe(String bootstrapServers, Map<String, String> clientProperties, String topic) {
        try {
            TopicDescription description = admin(bootstrapServers, clientProperties).describeTopics(List.of(topic))
                    .allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic);
            return Optional.of(new KafkaTopic(topic, description.partitions().size()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw failure("describe", topic, bootstrapServers, e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            throw failure("describe", topic, bootstrapServers, e);
        }
    }

    /**
     * Every partition's log start, end (read_committed: the last stable offset, as the consumers see it) and the
     * group's committed offset ({@link PartitionOffsets#NONE} where it has none). Empty when the topic does not exist.
     */
    public Optional<List<PartitionOffsets>> offsets(String bootstrapServers, Map<String, String> clientProperties, String topic,
                                                    String group) {
        Admin admin = admin(bootstrapServers, clientProperties);
        try {
            TopicDescription description;
            try {
                description = admin.describeTopics(List.of(topic)).allTopicNames().get(LAG_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                        .get(topic);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    return Optional.empty();
                }
                throw e;
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            description.partitions().forEach(p -> {
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
                earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
            });
            ListOffsetsOptions committedOnly = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
            var ends = admin.listOffsets(latest, committedOnly).all();
            var starts = admin.listOffsets(earliest, committedOnly).all();
            var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata();
            Map<TopicPartition, OffsetAndMetadata> commits = committed.get(LAG_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            var endOffsets = ends.get(LAG_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            var startOffsets = starts.get(LAG_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<PartitionOffsets> result = new ArrayList<>();
            for (TopicPartition tp : latest.keySet()) {
                OffsetAndMetadata commit = commits.get(tp);
                result.add(new PartitionOffsets(tp.partition(), startOffsets.get(tp).offset(), endOffsets.get(tp).offset(),
                        commit == null ? PartitionOffsets.NONE : commit.offset()));
            }
            result.sort(java.util.Comparator.comparingInt(PartitionOffsets::partition));
            return Optional.of(result);
        } catch (ExecutionException e) {
            throw failure("read the offsets of", topic, bootstrapServers, e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            throw failure("read the offsets of", topic, bootstrapServers, e);
        }
    }

    public void create(String bootstrapServers, Map<String, String> clientProperties, KafkaTopic topic) {
        try {
            admin(bootstrapServers, clientProperties)
                    .createTopics(List.of(new NewTopic(topic.name(), Optional.of(topic.partitions()), Optional.empty())))
                    .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw failure("create", topic.name(), bootstrapServers, e.getCause());
            }
        } catch (TimeoutException | InterruptedException e) {
            throw failure("create", topic.name(), bootstrapServers, e);
        }
    }

    public void increasePartitions(String bootstrapServers, Map<String, String> clientProperties, KafkaTopic topic) {
        try {
            admin(bootstrapServers, clientProperties)
                    .createPartitions(Map.of(topic.name(), NewPartitions.increaseTo(topic.partitions())))
                    .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            throw failure("add partitions to", topic.name(), bootstrapServers, e instanceof ExecutionException ? e.getCause() : e);
        }
    }

    public void delete(String bootstrapServers, Map<String, String> clientProperties, List<String> topics) {
        try {
            admin(bootstrapServers, clientProperties).deleteTopics(topics).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw failure("delete", String.join(",", topics), bootstrapServers, e.getCause());
            }
        } catch (TimeoutException | InterruptedException e) {
            throw failure("delete", String.join(",", topics), bootstrapServers, e);
        }
    }

    private Admin admin(String bootstrapServers, Map<String, String> clientProperties) {
        String key = bootstrapServers + "|" + clientProperties.hashCode();
        return admins.computeIfAbsent(key, k -> {
            Map<String, Object> props = new HashMap<>(clientProperties);
            props.put("bootstrap.servers", bootstrapServers);
            props.put("request.timeout.ms", 5_000);
            props.put("default.api.timeout.ms", (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            props.put("client.id", "ticketing-operator");
            try {
                return Admin.create(props);
            } catch (org.apache.kafka.common.KafkaException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new IllegalStateException("Kafka: cannot connect to " + bootstrapServers + ": " + cause.getMessage(), e);
            }
        });
    }

    private static IllegalStateException failure(String action, String topic, String servers, Throwable cause) {
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        String reason = cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException
                ? "no answer within " + TIMEOUT_SECONDS + " s (is Kafka reachable at " + servers + "?)"
                : String.valueOf(cause.getMessage());
        return new IllegalStateException("Kafka: cannot " + action + " topic " + topic + ": " + reason, cause);
    }

    @Override
    public void close() {
        admins.values().forEach(Admin::close);
        admins.clear();
    }
}
