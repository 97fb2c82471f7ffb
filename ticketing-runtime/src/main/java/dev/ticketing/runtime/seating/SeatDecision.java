package dev.ticketing.runtime.seating;

/**
 * What the seat map decided for one booking, parsed from the record the Lua scripts keep per booking.
 * {@code seats} are 0-based indexes into the subsection grid.
 */
public record SeatDecision(Kind kind, int[] seats, String failureReason) {

    public enum Kind { ALLOCATED, FAILED, RELEASED, NONE, STALE }

    static SeatDecision parse(String record) {
        if (record.startsWith("OK:")) {
            String[] parts = record.substring(3).split(",");
            int[] seats = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                seats[i] = Integer.parseInt(parts[i]);
            }
            return new SeatDecision(Kind.ALLOCATED, seats, null);
        }
        if (record.startsWith("FAIL:")) {
            return new SeatDecision(Kind.FAILED, new int[0], record.substring(5));
        }
        return switch (record) {
            case "REL" -> new SeatDecision(Kind.RELEASED, new int[0], null);
            case "STALE" -> new SeatDecision(Kind.STALE, new int[0], null);
            default -> new SeatDecision(Kind.NONE, new int[0], null);
        };
    }

    static String record(int[] seats) {
        var sb = new StringBuilder("OK:");
        for (int i = 0; i < seats.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(seats[i]);
        }
        return sb.toString();
    }

    public boolean stale() {
        return kind == Kind.STALE;
    }
}
