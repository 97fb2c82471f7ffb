package dev.ticketing.runtime.booking;

/** PostgreSQL refused a seat that is already sold: the seat map was wrong and must be rebuilt. */
public final class SeatConflictException extends RuntimeException {

    public SeatConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
