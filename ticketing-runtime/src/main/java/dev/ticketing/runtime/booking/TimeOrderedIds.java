package dev.ticketing.runtime.booking;

import java.security.SecureRandom;
import java.util.UUID;

/** UUIDv7 (RFC 9562): time-ordered booking ids keep the primary key index append-mostly. */
final class TimeOrderedIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TimeOrderedIds() {
    }

    static UUID next() {
        long millis = System.currentTimeMillis();
        long high = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0fffL);
        long low = (RANDOM.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
