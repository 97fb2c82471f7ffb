package dev.ticketing.operator.autoscaling;

/**
 * One partition of a sale's commands topic at one poll: where its log starts and ends, and the consumer group's
 * committed offset ({@link #NONE} when the group never committed there).
 */
public record PartitionOffsets(int partition, long logStart, long end, long committed) {

    public static final long NONE = -1;

    /** Where the group will read next: its commit, or the log start (auto.offset.reset=earliest). */
    long position() {
        return committed == NONE ? logStart : committed;
    }
}
