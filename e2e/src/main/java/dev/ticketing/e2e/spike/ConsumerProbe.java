package dev.ticketing.e2e.spike;

/**
 * What a sandbox can tell about the consumer side while a spike runs; a remote deployment may not
 * expose it, so the runner treats it as optional.
 */
public interface ConsumerProbe {

    /** Consumers in the sale's group right now and the records they have yet to commit (Kafka lag). */
    Sample sample();

    record Sample(int consumers, long lag) {
    }
}
