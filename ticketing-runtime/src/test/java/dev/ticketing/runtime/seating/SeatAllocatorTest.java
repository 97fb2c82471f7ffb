package dev.ticketing.runtime.seating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ticketing.runtime.seating.AllocationCases.AllocationCase;
import dev.ticketing.runtime.seating.SeatAllocator.Allocation;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SeatAllocatorTest {

    static List<AllocationCase> cases() {
        return AllocationCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void allocates_per_documented_rules(AllocationCase c) {
        SeatGrid grid = c.grid();
        boolean[] taken = AllocationCases.taken(c);

        Allocation result = switch (c.mode()) {
            case AllocationCases.BEST_AVAILABLE -> SeatAllocator.bestAvailable(grid, taken, c.quantity());
            case AllocationCases.MANUAL -> SeatAllocator.manual(grid, taken, AllocationCases.indexes(grid, c.requestedLabels()));
            default -> throw new IllegalArgumentException("unknown mode " + c.mode());
        };

        assertThat(AllocationCases.labels(grid, result.seats())).as("seats").isEqualTo(c.expectedLabels());
        assertThat(result.failureReason()).as("failure").isEqualTo(c.expectedFailure());
        assertThat(result.allocated()).as("allocated").isEqualTo(c.expectedFailure() == null);
    }

    @Test
    void case_table_is_large_and_well_formed() {
        List<AllocationCase> all = AllocationCases.all();

        assertThat(all).hasSizeGreaterThanOrEqualTo(20);
        assertThat(new HashSet<>(all.stream().map(AllocationCase::name).toList())).hasSameSizeAs(all);
        for (AllocationCase c : all) {
            assertThat(AllocationCases.taken(c)).as(c.name()).hasSize(c.grid().size());
        }
    }

    @Test
    void does_not_mutate_taken() {
        SeatGrid grid = SeatGrid.of(3, 4);
        boolean[] taken = {true, false, false, true, false, true, false, false, false, false, true, false};
        boolean[] before = taken.clone();

        SeatAllocator.bestAvailable(grid, taken, 2);
        SeatAllocator.bestAvailable(grid, taken, 5);
        SeatAllocator.manual(grid, taken, new int[] {2, 1});
        SeatAllocator.manual(grid, taken, new int[] {0});

        assertThat(taken).isEqualTo(before);
    }

    @Test
    void does_not_mutate_requested_seats() {
        int[] requested = {5, 1, 3};

        Allocation result = SeatAllocator.manual(SeatGrid.of(2, 3), new boolean[6], requested);

        assertThat(result.seats()).containsExactly(1, 3, 5);
        assertThat(requested).containsExactly(5, 1, 3);
    }

    @Test
    void rejects_quantity_below_one() {
        SeatGrid grid = SeatGrid.of(2, 2);

        assertThatThrownBy(() -> SeatAllocator.bestAvailable(grid, new boolean[4], 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SeatAllocator.bestAvailable(grid, new boolean[4], -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejects_taken_that_does_not_match_the_grid() {
        assertThatThrownBy(() -> SeatAllocator.bestAvailable(SeatGrid.of(2, 2), new boolean[5], 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SeatAllocator.manual(SeatGrid.of(2, 2), new boolean[3], new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void manual_rejects_negative_out_of_range_and_empty_requests() {
        SeatGrid grid = SeatGrid.of(2, 2);
        boolean[] taken = new boolean[4];

        assertThat(SeatAllocator.manual(grid, taken, new int[] {-1})).isEqualTo(Allocation.failure("invalid_seats"));
        assertThat(SeatAllocator.manual(grid, taken, new int[] {4})).isEqualTo(Allocation.failure("invalid_seats"));
        assertThat(SeatAllocator.manual(grid, taken, new int[0])).isEqualTo(Allocation.failure("invalid_seats"));
    }

    @Test
    void invalid_seats_wins_over_seats_unavailable() {
        boolean[] taken = {true, false, false, false};

        assertThat(SeatAllocator.manual(SeatGrid.of(2, 2), taken, new int[] {0, 9}).failureReason())
                .isEqualTo("invalid_seats");
    }

    @Test
    void allocation_success_is_a_sorted_copy_and_failure_has_no_seats() {
        int[] seats = {7, 2, 4};

        Allocation success = Allocation.success(seats);
        seats[0] = 0;

        assertThat(success.seats()).containsExactly(2, 4, 7);
        assertThat(success).isEqualTo(Allocation.success(new int[] {4, 7, 2}));
        assertThat(Allocation.failure("sold_out").seats()).isEmpty();
        assertThat(Allocation.failure("sold_out").allocated()).isFalse();
    }

    @Test
    void seat_grid_labels_round_trip_every_seat() {
        SeatGrid grid = SeatGrid.of(20, 30);

        assertThat(grid.size()).isEqualTo(600);
        IntStream.range(0, grid.size()).forEach(index -> {
            assertThat(grid.parseLabel(grid.label(index))).hasValue(index);
            assertThat(grid.index(grid.rowOf(index), grid.seatOf(index))).isEqualTo(index);
        });
    }

    @Test
    void seat_grid_addresses_row_major_from_one() {
        SeatGrid grid = SeatGrid.of(5, 12);

        assertThat(grid.index(1, 1)).isZero();
        assertThat(grid.index(3, 12)).isEqualTo(35);
        assertThat(grid.rowOf(35)).isEqualTo(3);
        assertThat(grid.seatOf(35)).isEqualTo(12);
        assertThat(grid.label(35)).isEqualTo("3-12");
        assertThat(grid.parseLabel("3-12")).hasValue(35);
        assertThat(grid.parseLabel("5-12")).hasValue(59);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "0-1", "3-0", "a-b", "1-", "-1", "1-2-3", " 1-2", "1-2 ", "+1-2", "1-+2", "01-2",
            "-1-2", "1--2", "99-1", "1-13", "6-1", "1x2", "12", "99999999999-1", "\uFF11-2"})
    void seat_grid_rejects_malformed_or_outside_labels(String label) {
        assertThat(SeatGrid.of(5, 12).parseLabel(label)).isEmpty();
    }

    @Test
    void seat_grid_rejects_null_label_and_bad_dimensions() {
        assertThat(SeatGrid.of(1, 1).parseLabel(null)).isEmpty();
        assertThatThrownBy(() -> SeatGrid.of(0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SeatGrid.of(5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SeatGrid.of(2, 2).index(3, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SeatGrid.of(2, 2).label(4)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
