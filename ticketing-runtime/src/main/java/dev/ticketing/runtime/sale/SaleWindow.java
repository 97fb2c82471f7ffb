package dev.ticketing.runtime.sale;

import java.time.Instant;

import dev.ticketing.runtime.http.ApiException;

/**
 * When a sale takes bookings: from {@code opensAt} (inclusive) until {@code closesAt} (exclusive); either end
 * may be open. Reading the sale and its availability is possible at any time.
 */
public record SaleWindow(Instant opensAt, Instant closesAt) {

    public static final SaleWindow ALWAYS_OPEN = new SaleWindow(null, null);

    public enum State {
        SCHEDULED, OPEN, CLOSED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public SaleWindow {
        if (opensAt != null && closesAt != null && !closesAt.isAfter(opensAt)) {
            throw new IllegalArgumentException("the sale must close after it opens");
        }
    }

    public State state(Instant now) {
        if (opensAt != null && now.isBefore(opensAt)) {
            return State.SCHEDULED;
        }
        return closesAt != null && !now.isBefore(closesAt) ? State.CLOSED : State.OPEN;
    }

    /** @throws ApiException 409 {@code sale_not_open} (with {@code opensAt}) or {@code sale_closed} (with {@code closesAt}) */
    public void requireOpen(Instant now) {
        switch (state(now)) {
            case SCHEDULED -> throw ApiException.conflict("sale_not_open", "the sale opens at " + opensAt
                    + "; bookings are accepted from then on").with("opensAt", opensAt.toString());
            case CLOSED -> throw ApiException.conflict("sale_closed", "the sale closed at " + closesAt
                    + "; no more bookings are accepted").with("closesAt", closesAt.toString());
            case OPEN -> {
            }
        }
    }
}
