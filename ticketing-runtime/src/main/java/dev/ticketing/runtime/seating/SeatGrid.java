package dev.ticketing.runtime.seating;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A subsection of {@code rows × seatsPerRow} seats. Seats are addressed by a 0-based index,
 * {@code (row - 1) * seatsPerRow + (seat - 1)}, and labelled {@code "row-seat"} (1-based), e.g. {@code "3-12"}.
 */
public record SeatGrid(int rows, int seatsPerRow) {

    // Nine digits always fit in an int, so parsing can never overflow.
    private static final int MAX_LABEL_DIGITS = 9;

    public SeatGrid {
        if (rows < 1 || seatsPerRow < 1) {
            throw new IllegalArgumentException("grid needs at least one row and one seat per row, got " + rows + "x" + seatsPerRow);
        }
        Math.multiplyExact(rows, seatsPerRow);
    }

    public static SeatGrid of(int rows, int seatsPerRow) {
        return new SeatGrid(rows, seatsPerRow);
    }

    public int size() {
        return rows * seatsPerRow;
    }

    /** @return the seat index of a 1-based row and 1-based seat within that row */
    public int index(int row, int seat) {
        if (row < 1 || row > rows || seat < 1 || seat > seatsPerRow) {
            throw new IllegalArgumentException("seat " + row + "-" + seat + " is outside the " + rows + "x" + seatsPerRow + " grid");
        }
        return (row - 1) * seatsPerRow + (seat - 1);
    }

    /** @return the 1-based row of a seat index */
    public int rowOf(int index) {
        return Objects.checkIndex(index, size()) / seatsPerRow + 1;
    }

    /** @return the 1-based seat within its row of a seat index */
    public int seatOf(int index) {
        return Objects.checkIndex(index, size()) % seatsPerRow + 1;
    }

    public String label(int index) {
        return rowOf(index) + "-" + seatOf(index);
    }

    /** @return the seat index for {@code "row-seat"}, or empty when the text is malformed or outside the grid */
    public OptionalInt parseLabel(String label) {
        if (label == null) {
            return OptionalInt.empty();
        }
        int dash = label.indexOf('-');
        if (dash < 0) {
            return OptionalInt.empty();
        }
        int row = positive(label, 0, dash);
        int seat = positive(label, dash + 1, label.length());
        if (row > rows || seat > seatsPerRow || row < 1 || seat < 1) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((row - 1) * seatsPerRow + (seat - 1));
    }

    /** Parses ASCII digits without a leading zero; -1 for anything else, so bad input never throws. */
    private static int positive(String text, int from, int to) {
        int length = to - from;
        if (length < 1 || length > MAX_LABEL_DIGITS || text.charAt(from) == '0') {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
