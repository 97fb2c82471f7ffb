package dev.ticketing.e2e.sandbox;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

import dev.ticketing.e2e.spike.ConsumerProbe;
import dev.ticketing.runtime.config.RuntimeConfig;

/** Reads a sale's consumer group from the broker: its members, and end offsets minus committed offsets. */
public final class ConsumerGroupProbe implements ConsumerProbe, AutoCloseable {

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(2);

    private final Admin admin;
    private final String group;
    private final String topic;
    private Map<TopicPartition, OffsetSpec> latest;
    private volatile java.util.function.IntSupplier desired = () -> -1;

    public ConsumerGroupProbe(RuntimeConfig config) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "spike-consumer-probe"));
        this.group = config.consumerGroup();
        this.topic = config.commandsTopic();
    }

    @Override
    public Sample sample() {
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            int members = description.members().size();
            int ready = (int) description.members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(partitions()).all()
                    .get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            long lag = 0;
            for (var end : ends.entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                // A partition without a commit is read from its start (offset 0: the sale's topic is never compacted).
                lag += end.getValue().offset() - (done == null ? 0 : done.offset());
            }
            return new Sample(members, ready, desired.getAsInt(), lag);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sampling the consumer group", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("consumer group " + group + " could not be sampled: " + e, e);
        }
    }

    /** Where the probe reads what an autoscaler currently wants (charted beside members and lag). */
    public void follow(java.util.function.IntSupplier desiredReplicas) {
        desired = desiredReplicas;
    }

    /**
     * Whether the group is stable with exactly {@code members} members and every partition owned (each member
     * holding some, unless there are more members than partitions): ready for a spike.
     */
    public boolean settledWith(int members) {
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(this.group)).describedGroups().get(this.group)
                    .get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            int partitions = partitions().size();
            long holding = group.members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
            int owned = group.members().stream().mapToInt(m -> m.assignment().topicPartitions().size()).sum();
            return group.groupState() == GroupState.STABLE && group.members().size() == members
                    && owned == partitions && holding == Math.min(members, partitions);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing the consumer group", e);
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** The topic's partitions do not change during a round: asked for once. */
    private Map<TopicPartition, OffsetSpec> partitions() throws InterruptedException, ExecutionException, TimeoutException {
        if (latest == null) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                specs.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            latest = specs;
        }
        return latest;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
