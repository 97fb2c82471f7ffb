package dev.ticketing.runtime.booking;

import java.util.UUID;

import dev.ticketing.runtime.http.ApiException;
import dev.ticketing.runtime.seating.SeatMapStore;

/**
 * The API's fast path for the per-buyer limit: a buyer who already holds the most tickets allowed gets a 409 at once,
 * not a booking that fails later. Only a hint (one read, possibly a moment old); the allocation script enforces the
 * limit atomically.
 */
public final class BuyerLimit {

    private final SeatMapStore seatMap;
    private final int maxTicketsPerBuyer;

    /** @param maxTicketsPerBuyer 0 for no limit */
    public BuyerLimit(SeatMapStore seatMap, int maxTicketsPerBuyer) {
        this.seatMap = seatMap;
        this.maxTicketsPerBuyer = maxTicketsPerBuyer;
    }

    public void requireRoom(UUID account, int quantity) {
        if (maxTicketsPerBuyer == 0) {
            return;
        }
        int held = seatMap.heldBy(account);
        if (held + quantity > maxTicketsPerBuyer) {
            throw ApiException.conflict("buyer_limit", "one buyer may hold at most " + maxTicketsPerBuyer + " tickets of this sale; "
                    + "you hold " + held).with("maxTicketsPerBuyer", maxTicketsPerBuyer).with("held", held);
        }
    }
}
