package dev.ticketing.runtime.booking;

/** The life of a booking; all but the first two are final. */
public enum BookingStatus {
    PROCESSING, PENDING_PAYMENT, FAILED, COMPLETED, CANCELLED, EXPIRED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static BookingStatus fromWire(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }

    public boolean isFinal() {
        return this != PROCESSING && this != PENDING_PAYMENT;
    }
}
