package dev.ticketing.runtime.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** When what one replica heard may stand in for PostgreSQL at the start of an event stream. */
class RecentOutcomesTest {

    private static final long SKEW = RecentOutcomes.CLOCK_SKEW_MILLIS;

    private static BookingView view(UUID id, BookingStatus status) {
        return new BookingView(id, UUID.randomUUID(), status, "A", 1, List.of(), 0, null);
    }

    @Test
    void absence_proves_nothing_until_the_subscription_is_live() {
        RecentOutcomes recent = new RecentOutcomes(10);

        assertThat(recent.wouldHaveHeard(Long.MAX_VALUE - 1)).isFalse();

        recent.listeningSince(1_000);
        assertThat(recent.wouldHaveHeard(1_000 + SKEW)).as("within the clock skew margin").isFalse();
        assertThat(recent.wouldHaveHeard(1_000 + SKEW + 1)).isTrue();
    }

    @Test
    void a_broken_subscription_forgets_what_it_heard_and_proves_nothing_until_it_is_back() {
        RecentOutcomes recent = new RecentOutcomes(10);
        recent.listeningSince(1_000);
        UUID id = UUID.randomUUID();
        recent.heard(view(id, BookingStatus.PENDING_PAYMENT), 2_000);

        recent.deaf();
        assertThat(recent.latest(id)).isEmpty();
        assertThat(recent.wouldHaveHeard(50_000)).isFalse();

        recent.listeningSince(60_000);
        assertThat(recent.latest(id)).as("a change made while deaf may have been missed").isEmpty();
        assertThat(recent.wouldHaveHeard(50_000)).isFalse();
        assertThat(recent.wouldHaveHeard(60_000 + SKEW + 1)).isTrue();
    }

    @Test
    void the_latest_state_wins_and_a_late_copy_of_an_earlier_one_does_not() {
        RecentOutcomes recent = new RecentOutcomes(10);
        recent.listeningSince(0);
        UUID id = UUID.randomUUID();

        recent.heard(view(id, BookingStatus.PENDING_PAYMENT), 1);
        recent.heard(view(id, BookingStatus.COMPLETED), 2);
        recent.heard(view(id, BookingStatus.PENDING_PAYMENT), 3);

        assertThat(recent.latest(id)).map(BookingView::status).contains(BookingStatus.COMPLETED);
    }

    @Test
    void evicting_moves_the_horizon_to_when_the_evicted_outcome_was_heard() {
        RecentOutcomes recent = new RecentOutcomes(2);
        recent.listeningSince(1_000);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();

        recent.heard(view(first, BookingStatus.FAILED), 5_000);
        recent.heard(view(second, BookingStatus.FAILED), 6_000);
        assertThat(recent.horizonMillis()).isEqualTo(1_000);

        recent.heard(view(third, BookingStatus.FAILED), 7_000);
        assertThat(recent.latest(first)).isEmpty();
        assertThat(recent.latest(second)).isPresent();
        assertThat(recent.horizonMillis()).isEqualTo(5_000);
        assertThat(recent.wouldHaveHeard(4_000)).as("accepted before the evicted decision: maybe decided and forgotten")
                .isFalse();
        assertThat(recent.wouldHaveHeard(5_000 + SKEW + 1)).isTrue();
    }
}
