package dev.ticketing.runtime.booking;

/** How seats are chosen: the system picks adjacent seats, or the buyer names them. */
public enum BookingMode {
    BEST_AVAILABLE("best_available"), MANUAL("manual");

    private final String wireName;

    BookingMode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static java.util.Optional<BookingMode> fromWire(String value) {
        for (BookingMode mode : values()) {
            if (mode.wireName.equals(value)) {
                return java.util.Optional.of(mode);
            }
        }
        return java.util.Optional.empty();
    }
}
