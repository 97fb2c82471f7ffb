package dev.ticketing.e2e.spike;

/**
 * What a sandbox can tell about the consumer side while a spike runs; a remote deployment may not
 * expose it, so the runner treats it as optional.
 */
public interface ConsumerProbe {

    /** Consumers in the sale's group right now and the records they have yet to commit (Kafka lag). */
    Sample sample();

    /**
     * @param ready   of the members, those holding partitions
     * @param desired what an autoscaler wants at this moment, or -1 when nothing scales the consumers
     */
    record Sample(int consumers, int ready, int desired, long lag) {
    }
}
