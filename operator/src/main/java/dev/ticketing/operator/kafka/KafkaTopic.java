package dev.ticketing.operator.kafka;

import io.javaoperatorsdk.operator.processing.ResourceIDProvider;

/** A sale's commands topic as the operator sees it in Kafka. */
public record KafkaTopic(String name, int partitions) implements ResourceIDProvider<String> {

    @Override
    public String resourceId() {
        return name;
    }
}
