package dev.ticketing.runtime.booking;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest outcome this replica heard for each recent booking, so an event stream can start without a
 * PostgreSQL read. Absence is evidence too: a booking accepted after the {@link #horizonMillis() horizon} — since
 * the subscription last (re)connected, and newer than anything evicted — would be here if it had been decided.
 * Written by the one subscriber thread (and {@link #deaf()} by any); read by any request thread.
 */
final class RecentOutcomes {

    /** Another replica's clock may run ahead of ours; inside this margin absence proves nothing. */
    static final long CLOCK_SKEW_MILLIS = 1_000;

    private record Heard(UUID id, long atMillis) {
    }

    private final int capacity;
    private final Map<UUID, BookingView> latest = new ConcurrentHashMap<>();
    private final ArrayDeque<Heard> order = new ArrayDeque<>();
    private volatile long horizonMillis = Long.MAX_VALUE;

    RecentOutcomes(int capacity) {
        this.capacity = capacity;
    }

    /** The subscription is live from {@code nowMillis}: what was heard before may have missed changes. */
    void listeningSince(long nowMillis) {
        latest.clear();
        order.clear();
        horizonMillis = nowMillis;
    }

    /** The subscription broke, or is closing: changes go unheard until it is back. */
    void deaf() {
        horizonMillis = Long.MAX_VALUE;
        latest.clear();
        // The eviction order is the subscriber thread's alone; listeningSince clears it.
    }

    void heard(BookingView view, long nowMillis) {
        // A late copy of an earlier state (a batch decided again after a crash) must not hide a later one.
        latest.merge(view.id(), view, (old, next) -> rank(next.status()) >= rank(old.status()) ? next : old);
        order.addLast(new Heard(view.id(), nowMillis));
        while (order.size() > capacity) {
            Heard evicted = order.removeFirst();
            latest.remove(evicted.id());
            horizonMillis = Math.max(horizonMillis, evicted.atMillis());
        }
    }

    Optional<BookingView> latest(UUID id) {
        return Optional.ofNullable(latest.get(id));
    }

    /** Whether a booking accepted at {@code acceptedAtMillis} (by any replica's clock) would be here once decided. */
    boolean wouldHaveHeard(long acceptedAtMillis) {
        long horizon = horizonMillis;
        return horizon != Long.MAX_VALUE && acceptedAtMillis > horizon + CLOCK_SKEW_MILLIS;
    }

    long horizonMillis() {
        return horizonMillis;
    }

    private static int rank(BookingStatus status) {
        return switch (status) {
            case PROCESSING -> 0;
            case PENDING_PAYMENT, FAILED -> 1;
            default -> 2;
        };
    }
}
