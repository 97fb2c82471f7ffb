package dev.ticketing.runtime.seating;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The seat-allocation rules as a table, so every implementation (the Java {@link SeatAllocator}, the Redis script)
 * can be held to exactly the same expectations.
 */
public final class AllocationCases {

    public static final String BEST_AVAILABLE = "best_available";
    public static final String MANUAL = "manual";

    private AllocationCases() {
    }

    /**
     * One allocation scenario.
     *
     * @param takenPattern    rows separated by '/', one character per seat: 'x' taken, '.' free
     * @param mode            {@link #BEST_AVAILABLE} or {@link #MANUAL}
     * @param quantity        seats wanted; for manual cases the number of requested labels
     * @param requestedLabels manual cases only; a label outside the grid stays in the list on purpose
     * @param expectedLabels  ascending seat order; empty on failure
     * @param expectedFailure null on success
     */
    public record AllocationCase(String name, int rows, int seatsPerRow, String takenPattern, String mode, int quantity,
                                 List<String> requestedLabels, List<String> expectedLabels, String expectedFailure) {

        public SeatGrid grid() {
            return SeatGrid.of(rows, seatsPerRow);
        }

        // Parameterized test names come from toString; the name alone reads best.
        @Override
        public String toString() {
            return name;
        }
    }

    public static List<AllocationCase> all() {
        String fullRow30 = "x".repeat(30);
        return List.of(
                best("empty grid gives the first seat", 3, 5,
                        "...../...../.....", 1, List.of("1-1")),
                best("run found in row 1", 3, 5,
                        "x..../...../.....", 3, List.of("1-2", "1-3", "1-4")),
                best("run ending exactly at the end of a row", 2, 5,
                        "xx.../.....", 3, List.of("1-3", "1-4", "1-5")),
                best("run skips a too-short gap and finds a later one in the same row", 2, 10,
                        "x..x....x./..........", 3, List.of("1-5", "1-6", "1-7")),
                best("run found only in row 2", 3, 5,
                        ".x.x./x...x/.....", 3, List.of("2-2", "2-3", "2-4")),
                best("run never crosses a row boundary, so the largest runs are combined", 3, 5,
                        "xxx../..xxx/x...x", 4, List.of("1-4", "3-2", "3-3", "3-4")),
                best("combining takes the longest runs, ties earliest first", 2, 6,
                        ".x..x./..x.xx", 3, List.of("1-3", "1-4", "2-1")),
                best("combining goes on to shorter runs, again earliest first", 2, 6,
                        ".x..x./..x.xx", 5, List.of("1-1", "1-3", "1-4", "2-1", "2-2")),
                best("combining takes the leftmost seats of the last run needed", 2, 5,
                        "...x./..x.x", 4, List.of("1-1", "1-2", "1-3", "2-1")),
                best("quantity larger than a row combines whole rows then leftmost seats", 2, 3,
                        ".../...", 5, List.of("1-1", "1-2", "1-3", "2-1", "2-2")),
                best("exactly the last free seats", 2, 5,
                        "x.xxx/xxxx.", 2, List.of("1-2", "2-5")),
                best("quantity equal to a whole row takes the first empty row", 3, 4,
                        "x.../..../....", 4, List.of("2-1", "2-2", "2-3", "2-4")),
                bestFails("not enough seats left", 2, 5,
                        "x.x.x/xxxxx", 3, SeatAllocator.NOT_ENOUGH_SEATS),
                bestFails("sold out", 2, 3,
                        "xxx/xxx", 1, SeatAllocator.SOLD_OUT),
                bestFails("sold out wins over not enough seats", 2, 2,
                        "xx/xx", 5, SeatAllocator.SOLD_OUT),
                manual("manual single seat", 3, 5,
                        "...../...../.....", List.of("2-3"), List.of("2-3")),
                manual("manual adjacent seats", 3, 5,
                        "x..../.x.../.....", List.of("2-3", "2-4"), List.of("2-3", "2-4")),
                manual("manual seats in any order come back ascending", 3, 5,
                        "...../...../.....", List.of("3-1", "1-5"), List.of("1-5", "3-1")),
                manualFails("manual with one seat taken gets nothing", 3, 5,
                        "...../..x../.....", List.of("2-2", "2-3", "2-4"), SeatAllocator.SEATS_UNAVAILABLE),
                manualFails("manual with every seat taken", 2, 3,
                        "xxx/xxx", List.of("1-1", "2-3"), SeatAllocator.SEATS_UNAVAILABLE),
                manualFails("manual with a duplicate seat", 2, 3,
                        ".../...", List.of("1-2", "1-2"), SeatAllocator.INVALID_SEATS),
                manualFails("manual with a seat outside the grid", 2, 3,
                        ".../...", List.of("1-1", "3-1"), SeatAllocator.INVALID_SEATS),
                best("1x1 grid, free", 1, 1,
                        ".", 1, List.of("1-1")),
                bestFails("1x1 grid, taken", 1, 1,
                        "x", 1, SeatAllocator.SOLD_OUT),
                manual("1x1 grid, manual", 1, 1,
                        ".", List.of("1-1"), List.of("1-1")),
                best("large grid, empty, whole first row", 20, 30,
                        rows(20, ".".repeat(30)), 30, labels(1, 1, 30)),
                best("large grid, run in the last row after full rows", 20, 30,
                        rows(19, fullRow30) + "/" + "x".repeat(10) + ".".repeat(20), 4, labels(20, 11, 4)),
                best("large grid of pairs combines the earliest pairs", 20, 30,
                        rows(20, "..x".repeat(10)), 5, List.of("1-1", "1-2", "1-4", "1-5", "1-7")),
                manual("large grid, manual far corner", 20, 30,
                        rows(20, ".".repeat(30)), List.of("20-30", "1-1"), List.of("1-1", "20-30")),
                bestFails("large grid, three seats left for four", 20, 30,
                        rows(19, fullRow30) + "/" + "x".repeat(27) + "...", 4, SeatAllocator.NOT_ENOUGH_SEATS));
    }

    /** The pattern as a snapshot: {@code taken[index]} is true for 'x'. */
    public static boolean[] taken(AllocationCase c) {
        String[] rowPatterns = c.takenPattern().split("/", -1);
        if (rowPatterns.length != c.rows()) {
            throw new IllegalArgumentException(c.name() + ": pattern has " + rowPatterns.length + " rows, expected " + c.rows());
        }
        boolean[] taken = new boolean[c.rows() * c.seatsPerRow()];
        for (int r = 0; r < rowPatterns.length; r++) {
            String row = rowPatterns[r];
            if (row.length() != c.seatsPerRow()) {
                throw new IllegalArgumentException(c.name() + ": row " + (r + 1) + " has " + row.length() + " seats, expected " + c.seatsPerRow());
            }
            for (int s = 0; s < row.length(); s++) {
                taken[r * c.seatsPerRow() + s] = switch (row.charAt(s)) {
                    case 'x' -> true;
                    case '.' -> false;
                    default -> throw new IllegalArgumentException(c.name() + ": unexpected '" + row.charAt(s) + "' in pattern");
                };
            }
        }
        return taken;
    }

    /** Seat indexes for labels; a label outside the grid becomes -1 so implementations see an invalid index. */
    public static int[] indexes(SeatGrid grid, List<String> labels) {
        int[] indexes = new int[labels.size()];
        for (int i = 0; i < indexes.length; i++) {
            indexes[i] = grid.parseLabel(labels.get(i)).orElse(-1);
        }
        return indexes;
    }

    public static List<String> labels(SeatGrid grid, int[] indexes) {
        List<String> labels = new ArrayList<>(indexes.length);
        for (int index : indexes) {
            labels.add(grid.label(index));
        }
        return labels;
    }

    private static AllocationCase best(String name, int rows, int seatsPerRow, String pattern, int quantity, List<String> expected) {
        return new AllocationCase(name, rows, seatsPerRow, pattern, BEST_AVAILABLE, quantity, List.of(), expected, null);
    }

    private static AllocationCase bestFails(String name, int rows, int seatsPerRow, String pattern, int quantity, String failure) {
        return new AllocationCase(name, rows, seatsPerRow, pattern, BEST_AVAILABLE, quantity, List.of(), List.of(), failure);
    }

    private static AllocationCase manual(String name, int rows, int seatsPerRow, String pattern, List<String> requested, List<String> expected) {
        return new AllocationCase(name, rows, seatsPerRow, pattern, MANUAL, requested.size(), requested, expected, null);
    }

    private static AllocationCase manualFails(String name, int rows, int seatsPerRow, String pattern, List<String> requested, String failure) {
        return new AllocationCase(name, rows, seatsPerRow, pattern, MANUAL, requested.size(), requested, List.of(), failure);
    }

    private static String rows(int count, String rowPattern) {
        return String.join("/", Collections.nCopies(count, rowPattern));
    }

    /** Labels of {@code count} adjacent seats in one row, starting at {@code firstSeat}. */
    private static List<String> labels(int row, int firstSeat, int count) {
        List<String> labels = new ArrayList<>(count);
        for (int seat = firstSeat; seat < firstSeat + count; seat++) {
            labels.add(row + "-" + seat);
        }
        return labels;
    }
}
