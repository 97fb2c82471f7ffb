package dev.ticketing.runtime.booking;

/** The life of a booking; the last three are final. */
public enum BookingStatus {
    PROCESSING, PENDING_PAYMENT, FAILED, COMPLETED, CANCELLED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static BookingStatus fromWire(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }

    public boolean isFinal() {
        return this == FAILED || this == COMPLETED || this == CANCELLED;
    }
}
