package dev.ticketing.e2e.spike;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpikeLogicTest {

    @Test
    void a_duration_turns_the_rate_into_a_request_count() {
        assertThat(SpikeTool.requestsPerRound(1_000, 0, null)).isEqualTo(1_000);
        assertThat(SpikeTool.requestsPerRound(1_000, 250.5, 10)).isEqualTo(2_505);
        assertThatThrownBy(() -> SpikeTool.requestsPerRound(1_000, 0, 10)).hasMessageContaining("--rate");
        assertThatThrownBy(() -> SpikeTool.requestsPerRound(1_000, 100, 0)).hasMessageContaining("--duration");
    }

    @Test
    void percentiles_of_one_to_a_hundred_milliseconds() {
        LatencyStats stats = new LatencyStats();
        for (int ms = 100; ms >= 1; ms--) {
            stats.record(TimeUnit.MILLISECONDS.toNanos(ms));
        }
        LatencyStats.Percentiles p = stats.percentiles();
        assertThat(p.count()).isEqualTo(100);
        assertThat(p.p50()).isBetween(49.9, 50.1);
        assertThat(p.p90()).isBetween(89.9, 90.1);
        assertThat(p.p99()).isBetween(98.9, 99.1);
        assertThat(p.max()).isBetween(99.9, 100.1);
    }

    @Test
    void no_latency_recorded_reads_as_zeros_not_an_error() {
        assertThat(new LatencyStats().percentiles()).isEqualTo(new LatencyStats.Percentiles(0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void quantities_are_fixed_or_drawn_from_a_range() {
        assertThat(Quantity.parse("3").draw(new Random())).isEqualTo(3);
        Quantity range = Quantity.parse("1-4");
        Random random = new Random(1);
        for (int i = 0; i < 100; i++) {
            assertThat(range.draw(random)).isBetween(1, 4);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "4-1", "x", "1-2-3", "-1", ""})
    void invalid_quantities_are_refused(String text) {
        assertThatThrownBy(() -> Quantity.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_seat_seen_in_two_live_bookings_is_sold_twice_and_failed_ones_do_not_count() {
        var decided = List.of(
                new Correctness.Seen("1", "pending_payment", "A", 1, List.of("1-1", "1-2")),
                new Correctness.Seen("2", "completed", "A", 1, List.of("1-2")),
                new Correctness.Seen("3", "pending_payment", "A", 2, List.of("1-1")),
                new Correctness.Seen("4", "failed", "A", 1, List.of()),
                new Correctness.Seen("5", "cancelled", "A", 1, List.of("1-1")));
        Correctness c = Correctness.judge(decided, 5, 4, 100);
        assertThat(c.seatsSoldTwice()).isEqualTo(1);
        assertThat(c.acceptedWithoutDecision()).isZero();
        assertThat(c.holds()).isFalse();
    }

    @Test
    void undecided_bookings_and_overselling_fail_the_run() {
        var decided = List.of(new Correctness.Seen("1", "pending_payment", "A", 1, List.of("1-1")));
        assertThat(Correctness.judge(decided, 3, 1, 10).acceptedWithoutDecision()).isEqualTo(2);
        assertThat(Correctness.judge(decided, 1, 11, 10).oversold()).isTrue();
        assertThat(Correctness.judge(decided, 1, 1, 10).holds()).isTrue();
    }
}
