package dev.ticketing.operator.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.ticketing.operator.autoscaling.ScalingDecision.State;

/**
 * The decision against tables and time series of offsets — including every way KEDA's Kafka scaler is known to
 * fail in this workload. No Kafka and no Kubernetes: a fake lag source, a movable clock, an in-memory history.
 */
class AutoscalerTest {

    private static final Instant T0 = Instant.parse("2026-12-01T19:00:00Z");

    private final MovableClock clock = new MovableClock(T0);
    private final Autoscaler autoscaler = new Autoscaler(clock);
    private final DecisionHistory history = new InMemoryDecisionHistory();

    @ParameterizedTest(name = "lag {0} on {1} partitions, max {2} -> {3}")
    @CsvSource({
            "100000, 64, 64, 64",   // kedacore/keda#2908: stuck at 63 of 64
            "100000, 24, 50, 24",   // kedacore/keda#4791: 22 of 24
            "1261,   64, 64, 64",   // one message over 63 consumers' worth
            "1260,   64, 64, 63",
            "41,     64, 64, 3",
            "0,      64, 64, 1"})
    void the_lag_term_reaches_the_cap_exactly(long lag, int partitions, int max, int expected) {
        var decision = decide(policy().max(max).build(), spread(T0, partitions, lag, 0), 1, 1, partitions);
        assertThat(decision.replicas()).isEqualTo(expected);
        if (lag / 20 > partitions) {
            assertThat(decision.reason()).contains("capped at " + partitions + " (partitions)");
        }
    }

    @ParameterizedTest(name = "lag {0}, activation {1} -> {2}")
    @CsvSource({"5, 10, 0", "10, 10, 0", "11, 10, 1", "200, 0, 10"})
    void from_the_minimum_only_lag_above_the_activation_threshold_scales(long lag, long activation, int expected) {
        var decision = decide(policy().min(0).activation(activation).build(), spread(T0, 16, lag, 0), 0, 0, 16);
        assertThat(decision.replicas()).isEqualTo(expected);
    }

    @Test
    void before_a_rate_was_measured_the_lag_term_alone_decides() {
        var decision = decide(policy().build(), spread(T0, 8, 100, 0), 1, 1, 8);
        assertThat(decision.replicas()).isEqualTo(5);
        assertThat(decision.perReplicaRate()).isEmpty();
        assertThat(decision.reason()).doesNotContain("arrivals");
    }

    @Test
    void the_rate_term_sizes_from_arrivals_and_the_per_consumer_rate_measured_while_saturated() {
        ScalingPolicy policy = policy().threshold(100_000).build();
        // 2 consumers, always behind, process 160/s between them: 80/s each.
        for (int t = 0; t <= 10; t += 2) {
            decide(policy, at(t, offsets(16, 16_000 + 320L * t, 160L * t)), 2, 2, 16);
        }
        assertThat(history.perReplicaRate()).hasValue(80.0);
        // Later the backlog is gone and 400/s arrive, all consumed: not saturated, so 80/s stays the measure.
        decide(policy, at(22, offsets(16, 40_000, 40_000)), 2, 2, 16);
        var decision = decide(policy, at(24, offsets(16, 40_800, 40_800)), 2, 2, 16);
        assertThat(history.perReplicaRate()).hasValue(80.0);
        assertThat(decision.lag().orElseThrow().arrivalPerSecond()).isEqualTo(400.0);
        assertThat(decision.replicas()).isEqualTo(5);
        assertThat(decision.reason()).contains("arrivals 400/s").contains("80/s per consumer -> 5");
    }

    @Test
    void a_noisy_lag_scales_up_once_and_does_not_flap() {
        ScalingPolicy policy = policy().build();
        int replicas = 1;
        List<Integer> seen = new ArrayList<>();
        for (int t = 0; t < 120; t += 2) {
            long lag = t % 4 == 0 ? 90 : 210; // recommendations alternate between 5 and 11
            replicas = decide(policy, at(t, spread(T0, 16, lag, 0).partitions()), replicas, replicas, 16).replicas();
            seen.add(replicas);
        }
        assertThat(seen.stream().distinct().toList()).containsExactly(5, 11);
    }

    @Test
    void scale_down_waits_for_a_whole_window_of_lower_recommendations_and_never_cuts_into_a_backlog() {
        ScalingPolicy policy = policy().downWindow(60).build();
        int replicas = decide(policy, at(0, spread(T0, 16, 200, 0).partitions()), 1, 1, 16).replicas();
        assertThat(replicas).isEqualTo(10);
        // The backlog is being worked off: 100 left, which alone would need 5.
        var working = decide(policy, at(2, spread(T0, 16, 100, 0).partitions()), replicas, replicas, 16);
        assertThat(working.replicas()).isEqualTo(10);
        assertThat(working.state()).isEqualTo(State.HOLDING);
        assertThat(working.reason()).contains("backlog of 100");
        // Lag is gone at t = 4: the recommendation of 10 (t = 0) stays in the 60 s window until t = 62.
        int t = 4;
        for (; t < 62; t += 2) {
            var held = decide(policy, at(t, spread(T0, 16, 0, 0).partitions()), replicas, replicas, 16);
            assertThat(held.replicas()).as("t=%d", t).isEqualTo(10);
        }
        var down = decide(policy, at(t, spread(T0, 16, 0, 0).partitions()), replicas, replicas, 16);
        assertThat(down.replicas()).as("the highest recommendation still in the window (t=2)").isEqualTo(5);
        assertThat(down.state()).isEqualTo(State.SCALING_DOWN);
        var floor = decide(policy, at(t + 2, spread(T0, 16, 0, 0).partitions()), 5, 5, 16);
        assertThat(floor.replicas()).isEqualTo(1);
    }

    @Test
    void a_new_history_never_scales_down_before_it_saw_a_whole_window() {
        var decision = decide(policy().downWindow(60).build(), spread(T0, 16, 0, 0), 12, 12, 16);
        assertThat(decision.replicas()).isEqualTo(12);
        assertThat(decision.state()).isEqualTo(State.HOLDING);
    }

    @Test
    void invalid_committed_offsets_are_reported_and_do_not_drive_scaling() {
        List<PartitionOffsets> partitions = new ArrayList<>(spread(T0, 8, 0, 1_000).partitions());
        partitions.set(0, new PartitionOffsets(0, 0, 1_000, 5_000));   // past the log end (topic recreated)
        partitions.set(1, new PartitionOffsets(1, 900, 1_000, 100));   // before the log start (records deleted)
        var decision = decide(policy().build(), new LagSample(T0, partitions), 1, 1, 8);
        assertThat(decision.replicas()).isEqualTo(1);
        assertThat(decision.lag().orElseThrow().invalid()).hasSize(2);
        assertThat(decision.reason()).contains("committed 5000 is past the log end 1000").contains("before the log start 900");
    }

    @Test
    void the_lag_of_one_a_transaction_marker_leaves_keeps_no_consumer_up() {
        ScalingPolicy policy = policy().threshold(1).downWindow(0).build();
        // Every partition ends one past the group's commit and nothing moves.
        var first = decide(policy, at(0, offsets(8, 8 * 63, 8 * 62)), 8, 8, 8);
        var next = decide(policy, at(2, offsets(8, 8 * 63, 8 * 62)), first.replicas(), 8, 8);
        assertThat(next.lag().orElseThrow().markers()).isEqualTo(8);
        assertThat(next.lag().orElseThrow().scalingLag()).isZero();
        assertThat(next.replicas()).isEqualTo(1);
        assertThat(next.reason()).contains("transaction markers");
    }

    @Test
    void a_partition_that_stands_still_while_others_move_is_reported_not_scaled_for() {
        ScalingPolicy policy = policy().build();
        for (int t = 0; t <= 40; t += 2) {
            List<PartitionOffsets> partitions = new ArrayList<>();
            partitions.add(new PartitionOffsets(0, 0, 5_000, 1_000));            // stuck with a lag of 4,000
            for (int p = 1; p < 8; p++) {
                partitions.add(new PartitionOffsets(p, 0, 100L * t + 10, 100L * t)); // moving, lag 10 each
            }
            var decision = decide(policy, at(t, partitions), 4, 4, 8);
            if (t >= 30) {
                assertThat(decision.lag().orElseThrow().stalled()).containsExactly(0);
                // The moving partitions need ceil((700/s + 70/5 s) / 175/s per consumer) = 5; the stuck 4,000 would ask for 8.
                assertThat(decision.recommended()).isEqualTo(5);
                assertThat(decision.reason()).contains("partitions [0] stand still");
            }
        }
    }

    @Test
    void pre_warming_holds_the_floor_from_the_lead_time_until_the_doors_open_then_scales_down_after_the_window() {
        Instant opens = T0.plusSeconds(120);
        ScalingPolicy policy = policy().prewarm(10, 60, opens).downWindow(60).build();
        assertThat(decide(policy, at(58, offsets(16, 0, 0)), 1, 1, 16).replicas()).isEqualTo(1);
        var prewarm = decide(policy, at(60, offsets(16, 0, 0)), 1, 1, 16);
        assertThat(prewarm.replicas()).isEqualTo(10);
        assertThat(prewarm.state()).isEqualTo(State.PREWARMING);
        assertThat(prewarm.reason()).contains("pre-warm: 10 until the doors open at " + opens);
        int replicas = 10;
        for (int t = 62; t < 180; t += 2) {
            replicas = decide(policy, at(t, offsets(16, 0, 0)), replicas, replicas, 16).replicas();
            assertThat(replicas).as("t=%d: the floor's recommendations stay in the window for 60 s after opening", t)
                    .isEqualTo(t < 180 ? 10 : 1);
        }
        assertThat(decide(policy, at(182, offsets(16, 0, 0)), replicas, replicas, 16).replicas()).isEqualTo(1);
    }

    @Test
    void recommend_reports_without_changing_and_paused_obeys_the_scale_subresource() {
        var recommend = decide(policy().mode(ScalingPolicy.Mode.RECOMMEND).build(), spread(T0, 16, 200, 0), 3, 3, 16);
        assertThat(recommend.replicas()).isEqualTo(3);
        assertThat(recommend.recommended()).isEqualTo(10);
        assertThat(recommend.state()).isEqualTo(State.RECOMMENDING);
        assertThat(recommend.reason()).startsWith("recommends 10 (mode recommend: nothing changed)");

        var paused = decide(policy().mode(ScalingPolicy.Mode.PAUSED).manual(7).build(), spread(T0.plusSeconds(2), 16, 200, 0), 3, 3, 16);
        assertThat(paused.replicas()).isEqualTo(7);
        assertThat(paused.state()).isEqualTo(State.PAUSED);
        var unset = decide(policy().mode(ScalingPolicy.Mode.PAUSED).build(), spread(T0.plusSeconds(4), 16, 200, 0), 3, 3, 16);
        assertThat(unset.replicas()).as("nothing asked: what runs stays").isEqualTo(3);
    }

    @Test
    void without_offsets_what_runs_keeps_running() {
        var decision = autoscaler.decide(policy().build(), Optional::empty, history, 6, 6, 16);
        assertThat(decision.replicas()).isEqualTo(6);
        assertThat(decision.state()).isEqualTo(State.NO_METRICS);
    }

    private ScalingDecision decide(ScalingPolicy policy, LagSample sample, int current, int ready, int partitions) {
        clock.set(sample.at());
        return autoscaler.decide(policy, () -> Optional.of(sample), history, current, ready, partitions);
    }

    private static LagSample at(int seconds, List<PartitionOffsets> partitions) {
        return new LagSample(T0.plusSeconds(seconds), partitions);
    }

    private static LagSample at(int seconds, LagSample sample) {
        return new LagSample(T0.plusSeconds(seconds), sample.partitions());
    }

    /** {@code lag} spread as evenly as it goes over the partitions, each ending at base + its share. */
    private static LagSample spread(Instant at, int partitions, long lag, long base) {
        List<PartitionOffsets> list = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            long share = lag / partitions + (p < lag % partitions ? 1 : 0);
            list.add(new PartitionOffsets(p, 0, base + share, base));
        }
        return new LagSample(at, list);
    }

    /** Every partition with the same end and commit, totals split evenly. */
    private static LagSample offsets(int partitions, long totalEnd, long totalCommitted) {
        List<PartitionOffsets> list = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            list.add(new PartitionOffsets(p, 0, totalEnd / partitions, totalCommitted / partitions));
        }
        return new LagSample(T0, list);
    }

    private static PolicyBuilder policy() {
        return new PolicyBuilder();
    }

    /** The CRD's defaults unless a test says otherwise. */
    private static final class PolicyBuilder {
        private ScalingPolicy.Mode mode = ScalingPolicy.Mode.AUTO;
        private int min = 1;
        private int max = 50;
        private long threshold = 20;
        private long activation = 0;
        private int downWindow = 60;
        private int prewarm = 0;
        private int lead = 60;
        private Instant opensAt;
        private Integer manual;

        PolicyBuilder mode(ScalingPolicy.Mode value) { mode = value; return this; }
        PolicyBuilder min(int value) { min = value; return this; }
        PolicyBuilder max(int value) { max = value; return this; }
        PolicyBuilder threshold(long value) { threshold = value; return this; }
        PolicyBuilder activation(long value) { activation = value; return this; }
        PolicyBuilder downWindow(int seconds) { downWindow = seconds; return this; }
        PolicyBuilder manual(int value) { manual = value; return this; }
        PolicyBuilder prewarm(int replicas, int leadSeconds, Instant opens) {
            prewarm = replicas;
            lead = leadSeconds;
            opensAt = opens;
            return this;
        }

        ScalingPolicy build() {
            return new ScalingPolicy(mode, min, max, threshold, activation, 5, Duration.ZERO, Duration.ofSeconds(downWindow),
                    prewarm, Duration.ofSeconds(lead), opensAt, manual);
        }
    }

    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
