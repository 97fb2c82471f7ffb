package dev.ticketing.operator.autoscaling;

import java.time.Instant;
import java.util.List;

/** The offsets of every partition of a sale's topic, taken at one instant. */
public record LagSample(Instant at, List<PartitionOffsets> partitions) {

    public LagSample {
        partitions = List.copyOf(partitions);
    }
}
