package dev.ticketing.runtime.booking;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A consumer's decision on one booking, as it is persisted: allocated seats (held until {@code holdExpiresAt}), or why
 * it failed.
 */
public record DecidedBooking(UUID id, UUID accountId, String section, int subsection, String mode, int quantity,
                             BookingStatus status, List<String> seats, int[] seatRows, int[] seatNumbers,
                             int totalPrice, String failureReason, Instant acceptedAt, Instant decidedAt,
                             Instant holdExpiresAt) {

    public BookingView view() {
        return new BookingView(id, accountId, status, section, subsection, seats, totalPrice, failureReason);
    }
}
