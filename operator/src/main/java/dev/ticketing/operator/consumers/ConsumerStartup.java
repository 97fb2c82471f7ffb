package dev.ticketing.operator.consumers;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.OptionalDouble;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * How long a consumer pod takes from creation to ready. A consumer pod is ready only once it has joined the group
 * and holds partitions, so this is the time until it adds capacity — what a pre-warm lead time must cover.
 */
public final class ConsumerStartup {

    private ConsumerStartup() {
    }

    /** The slowest of the pods that became ready (a conservative figure for the lead time), in seconds. */
    public static OptionalDouble seconds(Collection<Pod> consumers) {
        return consumers.stream().filter(p -> p.getStatus() != null && p.getStatus().getConditions() != null
                        && p.getMetadata().getCreationTimestamp() != null)
                .flatMap(p -> p.getStatus().getConditions().stream()
                        .filter(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()) && c.getLastTransitionTime() != null)
                        .map(c -> Duration.between(Instant.parse(p.getMetadata().getCreationTimestamp()),
                                Instant.parse(c.getLastTransitionTime()))))
                .filter(d -> !d.isNegative())
                .mapToDouble(d -> d.toMillis() / 1000.0).max();
    }
}
