package dev.ticketing.runtime.seating;

import java.util.UUID;

/** One booking's request to the seat map: allocate seats for it, or release the seats it holds. */
public record SeatOperation(boolean release, UUID bookingId, UUID accountId, String section, int subsection, String mode,
                            int quantity, int[] seats) {

    public static SeatOperation allocate(UUID bookingId, UUID accountId, String section, int subsection, String mode,
                                         int quantity, int[] seats) {
        return new SeatOperation(false, bookingId, accountId, section, subsection, mode, quantity, seats);
    }

    public static SeatOperation release(UUID bookingId, UUID accountId, String section, int subsection) {
        return new SeatOperation(true, bookingId, accountId, section, subsection, null, 0, new int[0]);
    }
}
