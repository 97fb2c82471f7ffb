package dev.ticketing.runtime.seating;

import java.util.Arrays;
import java.util.Objects;

/**
 * Seat-allocation rules over a snapshot of taken seats ({@code taken[index]}, index as in {@link SeatGrid}).
 * Pure: no I/O, and the snapshot is never modified. The same rules are meant to be mirrored elsewhere
 * (e.g. a Redis script), so they are spelled out exactly:
 *
 * <ul>
 *   <li><b>Best available</b>: the first run of {@code quantity} adjacent free seats, rows front to back, seats left
 *       to right; a run never crosses a row boundary. Failing that, combine the largest free runs (longest first,
 *       ties by position), taking whole runs and the leftmost seats of the last one needed.</li>
 *   <li><b>Manual</b>: exactly the requested seats, all or nothing.</li>
 * </ul>
 */
public final class SeatAllocator {

    public static final String SOLD_OUT = "sold_out";
    public static final String NOT_ENOUGH_SEATS = "not_enough_seats";
    public static final String SEATS_UNAVAILABLE = "seats_unavailable";
    public static final String INVALID_SEATS = "invalid_seats";

    private SeatAllocator() {
    }

    /** Outcome of one allocation: the seats (ascending) on success, a failure reason otherwise. */
    public record Allocation(boolean allocated, int[] seats, String failureReason) {

        private static final int[] NO_SEATS = new int[0];

        public Allocation {
            Objects.requireNonNull(seats, "seats");
            if (allocated != (failureReason == null)) {
                throw new IllegalArgumentException("an allocation has either seats or a failure reason");
            }
        }

        /** Takes a sorted copy, so the caller's array can't change the result afterwards. */
        public static Allocation success(int[] seats) {
            if (seats.length == 0) {
                throw new IllegalArgumentException("a successful allocation needs at least one seat");
            }
            int[] sorted = seats.clone();
            Arrays.sort(sorted);
            return new Allocation(true, sorted, null);
        }

        public static Allocation failure(String reason) {
            return new Allocation(false, NO_SEATS, Objects.requireNonNull(reason, "reason"));
        }

        // Records compare arrays by identity; compare seats by content so allocations behave as values.
        @Override
        public boolean equals(Object other) {
            return other instanceof Allocation that
                    && allocated == that.allocated
                    && Arrays.equals(seats, that.seats)
                    && Objects.equals(failureReason, that.failureReason);
        }

        @Override
        public int hashCode() {
            return Objects.hash(allocated, Arrays.hashCode(seats), failureReason);
        }

        @Override
        public String toString() {
            return allocated ? "Allocation" + Arrays.toString(seats) : "Allocation(" + failureReason + ")";
        }
    }

    /**
     * @throws IllegalArgumentException when {@code quantity < 1} or {@code taken} does not match the grid
     */
    public static Allocation bestAvailable(SeatGrid grid, boolean[] taken, int quantity) {
        checkSnapshot(grid, taken);
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1, was " + quantity);
        }
        int perRow = grid.seatsPerRow();
        int free = 0;
        for (int rowStart = 0; rowStart < taken.length; rowStart += perRow) {
            int run = 0;
            for (int i = rowStart; i < rowStart + perRow; i++) {
                if (taken[i]) {
                    run = 0;
                    continue;
                }
                free++;
                if (++run == quantity) {
                    return Allocation.success(consecutive(i - quantity + 1, quantity));
                }
            }
        }
        if (free == 0) {
            return Allocation.failure(SOLD_OUT);
        }
        if (free < quantity) {
            return Allocation.failure(NOT_ENOUGH_SEATS);
        }
        return combineLargestRuns(grid, taken, quantity);
    }

    /**
     * All or nothing. Duplicate, out-of-grid or no seat indexes fail with {@link #INVALID_SEATS}; any taken seat
     * fails with {@link #SEATS_UNAVAILABLE}.
     *
     * @throws IllegalArgumentException when {@code taken} does not match the grid
     */
    public static Allocation manual(SeatGrid grid, boolean[] taken, int[] seatIndexes) {
        checkSnapshot(grid, taken);
        if (seatIndexes == null || seatIndexes.length == 0) {
            return Allocation.failure(INVALID_SEATS);
        }
        int[] seats = seatIndexes.clone();
        Arrays.sort(seats);
        for (int i = 0; i < seats.length; i++) {
            boolean outOfGrid = seats[i] < 0 || seats[i] >= taken.length;
            boolean duplicate = i > 0 && seats[i] == seats[i - 1];
            if (outOfGrid || duplicate) {
                return Allocation.failure(INVALID_SEATS);
            }
        }
        for (int seat : seats) {
            if (taken[seat]) {
                return Allocation.failure(SEATS_UNAVAILABLE);
            }
        }
        return Allocation.success(seats);
    }

    /** Only reached when no single run is long enough but enough seats are free in total. */
    private static Allocation combineLargestRuns(SeatGrid grid, boolean[] taken, int quantity) {
        int perRow = grid.seatsPerRow();
        // Runs are separated by a taken seat, so a row holds at most ceil(perRow / 2) of them.
        long[] runs = new long[grid.rows() * ((perRow + 1) / 2)];
        int count = 0;
        for (int rowStart = 0; rowStart < taken.length; rowStart += perRow) {
            int rowEnd = rowStart + perRow;
            int runStart = -1;
            for (int i = rowStart; i <= rowEnd; i++) {
                boolean free = i < rowEnd && !taken[i];
                if (free && runStart < 0) {
                    runStart = i;
                } else if (!free && runStart >= 0) {
                    runs[count++] = runKey(perRow, runStart, i - runStart);
                    runStart = -1;
                }
            }
        }
        Arrays.sort(runs, 0, count);

        int[] seats = new int[quantity];
        int filled = 0;
        for (int r = 0; filled < quantity; r++) {
            int start = runStart(runs[r]);
            int take = Math.min(runLength(perRow, runs[r]), quantity - filled);
            for (int k = 0; k < take; k++) {
                seats[filled++] = start + k;
            }
        }
        return Allocation.success(seats);
    }

    // A run packed so that ascending order is "longest first, then earliest": (perRow - length) high, start low.
    private static long runKey(int perRow, int start, int length) {
        return (long) (perRow - length) << 32 | start;
    }

    private static int runStart(long key) {
        return (int) key;
    }

    private static int runLength(int perRow, long key) {
        return perRow - (int) (key >>> 32);
    }

    private static int[] consecutive(int first, int count) {
        int[] seats = new int[count];
        for (int k = 0; k < count; k++) {
            seats[k] = first + k;
        }
        return seats;
    }

    private static void checkSnapshot(SeatGrid grid, boolean[] taken) {
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(taken, "taken");
        if (taken.length != grid.size()) {
            throw new IllegalArgumentException("taken has " + taken.length + " seats but the grid has " + grid.size());
        }
    }
}
