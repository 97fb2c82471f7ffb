package dev.ticketing.runtime.booking;

/**
 * Points inside a batch where a process can die. Production uses {@link #NONE}; fault tests throw
 * here to prove that a crash at the worst moment loses nothing and sells nothing twice.
 */
public interface BatchHooks {

    BatchHooks NONE = new BatchHooks() { };

    /** After the seat map decided, before PostgreSQL committed. */
    default void afterSeatDecisions() {
    }

    /** After PostgreSQL committed, before the Kafka offsets are committed. */
    default void afterDatabaseCommit() {
    }
}
