package dev.ticketing.runtime.seating;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's copy of free seats per subsection, refreshed from the seat map a few times a second. It
 * backs the fast 409 sold_out answer: a stale zero can only delay a seat freed by a cancellation by
 * one refresh, and a stale positive count is caught by the consumer's atomic allocation.
 */
public final class AvailabilityCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AvailabilityCache.class);

    private final SeatMapStore seatMap;
    private final long refreshMillis;
    private volatile Map<String, Integer> free = Map.of();
    private volatile boolean running = true;
    private final Thread refresher;

    public AvailabilityCache(SeatMapStore seatMap, long refreshMillis) {
        this.seatMap = seatMap;
        this.refreshMillis = refreshMillis;
        refresh();
        this.refresher = Thread.ofPlatform().daemon().name("availability-refresh").start(this::loop);
    }

    /** Free seats in a subsection; unknown (-1) when the seat map has not been read yet. */
    public int free(String section, int subsection) {
        return free.getOrDefault(SeatMapStore.field(section, subsection), -1);
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(refreshMillis);
            } catch (InterruptedException e) {
                return;
            }
            refresh();
        }
    }

    private void refresh() {
        try {
            free = Map.copyOf(seatMap.availability());
        } catch (RuntimeException e) {
            LOG.debug("availability refresh failed error={}", e.toString());
        }
    }

    @Override
    public void close() {
        running = false;
        refresher.interrupt();
    }
}
