package dev.ticketing.runtime.seating;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

import dev.ticketing.runtime.sale.SalePlan;
import dev.ticketing.runtime.seating.AllocationCases.AllocationCase;
import dev.ticketing.services.SharedServices;

/** The allocation Lua script against a real Redis, held to the same table as the Java rules. */
class SeatMapScriptTest {

    private static final UUID BUYER = UUID.randomUUID();

    private static JedisPool pool;

    @BeforeAll
    static void connect() {
        pool = new JedisPool(URI.create(SharedServices.redisUrl()));
    }

    @AfterAll
    static void disconnect() {
        pool.close();
    }

    static List<AllocationCase> cases() {
        return AllocationCases.all();
    }

    private static SeatMapStore seatMapWith(AllocationCase c) {
        SalePlan plan = new SalePlan("", c.rows(), c.seatsPerRow(), 10, List.of(new SalePlan.Section("A", 100, 1)));
        SeatMapStore store = new SeatMapStore(pool, "test:" + UUID.randomUUID() + ":", plan, 0);
        boolean[] taken = AllocationCases.taken(c);
        int[] takenIndexes = java.util.stream.IntStream.range(0, taken.length).filter(i -> taken[i]).toArray();
        store.rebuild(() -> new SeatMapStore.Snapshot(Map.of("A:1", takenIndexes), Map.of()));
        return store;
    }

    private static SeatOperation operation(AllocationCase c, UUID bookingId) {
        int[] seats = c.mode().equals(AllocationCases.MANUAL)
                ? AllocationCases.indexes(c.grid(), c.requestedLabels()) : new int[0];
        return SeatOperation.allocate(bookingId, BUYER, "A", 1, c.mode(), c.quantity(), seats);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void script_allocates_per_documented_rules(AllocationCase c) {
        SeatMapStore store = seatMapWith(c);
        SeatDecision decision = store.apply(List.of(operation(c, UUID.randomUUID()))).getFirst();
        if (c.expectedFailure() == null) {
            assertThat(decision.kind()).isEqualTo(SeatDecision.Kind.ALLOCATED);
            assertThat(AllocationCases.labels(c.grid(), decision.seats())).isEqualTo(c.expectedLabels());
            assertThat(store.availability().get("A:1"))
                    .isEqualTo(c.grid().size() - countTaken(c) - c.expectedLabels().size());
        } else {
            assertThat(decision.kind()).isEqualTo(SeatDecision.Kind.FAILED);
            assertThat(decision.failureReason()).isEqualTo(c.expectedFailure());
            assertThat(store.availability().get("A:1")).isEqualTo(c.grid().size() - countTaken(c));
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void script_and_java_rules_agree(AllocationCase c) {
        SeatDecision script = seatMapWith(c).apply(List.of(operation(c, UUID.randomUUID()))).getFirst();
        boolean[] taken = AllocationCases.taken(c);
        SeatAllocator.Allocation java = c.mode().equals(AllocationCases.MANUAL)
                ? SeatAllocator.manual(c.grid(), taken, AllocationCases.indexes(c.grid(), c.requestedLabels()))
                : SeatAllocator.bestAvailable(c.grid(), taken, c.quantity());
        assertThat(script.seats()).isEqualTo(java.seats());
        assertThat(script.failureReason()).isEqualTo(java.failureReason());
    }

    @Test
    void a_replayed_booking_gets_its_first_decision_and_takes_no_more_seats() {
        AllocationCase c = cases().getFirst();
        SeatMapStore store = seatMapWith(c);
        UUID id = UUID.randomUUID();
        SeatOperation op = SeatOperation.allocate(id, BUYER, "A", 1, "best_available", 2, new int[0]);
        List<SeatDecision> decisions = store.apply(List.of(op, op));
        SeatDecision again = store.apply(List.of(op)).getFirst();
        assertThat(decisions.get(1).seats()).isEqualTo(decisions.get(0).seats());
        assertThat(again.seats()).isEqualTo(decisions.get(0).seats());
        assertThat(store.availability().get("A:1")).isEqualTo(c.grid().size() - 2);
    }

    @Test
    void release_frees_the_seats_once_and_they_can_be_sold_again() {
        AllocationCase c = cases().getFirst();
        SeatMapStore store = seatMapWith(c);
        UUID first = UUID.randomUUID();
        int[] seats = store.apply(List.of(SeatOperation.allocate(first, BUYER, "A", 1, "manual", 1, new int[] {4}))).getFirst().seats();
        assertThat(seats).containsExactly(4);
        List<SeatDecision> released = store.apply(List.of(SeatOperation.release(first, BUYER, "A", 1), SeatOperation.release(first, BUYER, "A", 1)));
        assertThat(released).extracting(SeatDecision::kind).containsExactly(SeatDecision.Kind.RELEASED, SeatDecision.Kind.RELEASED);
        assertThat(store.availability().get("A:1")).isEqualTo(c.grid().size());
        SeatDecision resold = store.apply(List.of(SeatOperation.allocate(UUID.randomUUID(), BUYER, "A", 1, "manual", 1, new int[] {4}))).getFirst();
        assertThat(resold.kind()).isEqualTo(SeatDecision.Kind.ALLOCATED);
    }

    @Test
    void a_missing_map_is_reported_stale_and_scripts_survive_a_script_flush() {
        AllocationCase c = cases().getFirst();
        SeatMapStore store = seatMapWith(c);
        try (Jedis jedis = pool.getResource()) {
            jedis.scriptFlush();
        }
        SeatOperation op = SeatOperation.allocate(UUID.randomUUID(), BUYER, "A", 1, "best_available", 1, new int[0]);
        assertThat(store.apply(List.of(op)).getFirst().kind()).as("NOSCRIPT is recovered").isEqualTo(SeatDecision.Kind.ALLOCATED);
        store.markStale();
        assertThat(store.apply(List.of(SeatOperation.allocate(UUID.randomUUID(), BUYER, "A", 1, "best_available", 1, new int[0])))
                .getFirst().stale()).isTrue();
    }

    @Test
    void a_buyer_cannot_hold_more_than_the_limit_across_subsections_until_seats_are_released() {
        SalePlan plan = new SalePlan("", 2, 5, 4, List.of(new SalePlan.Section("A", 100, 3)));
        SeatMapStore store = new SeatMapStore(pool, "test:" + UUID.randomUUID() + ":", plan, 4);
        store.rebuild(() -> new SeatMapStore.Snapshot(Map.of(), Map.of()));
        UUID scalper = UUID.randomUUID();
        UUID first = UUID.randomUUID();

        List<SeatDecision> decisions = store.apply(List.of(
                SeatOperation.allocate(first, scalper, "A", 1, "best_available", 3, new int[0]),
                SeatOperation.allocate(UUID.randomUUID(), scalper, "A", 2, "best_available", 2, new int[0]),
                SeatOperation.allocate(UUID.randomUUID(), scalper, "A", 3, "manual", 1, new int[] {0}),
                SeatOperation.allocate(UUID.randomUUID(), scalper, "A", 3, "manual", 1, new int[] {1}),
                SeatOperation.allocate(UUID.randomUUID(), BUYER, "A", 2, "best_available", 4, new int[0])));

        assertThat(decisions).extracting(SeatDecision::kind).containsExactly(SeatDecision.Kind.ALLOCATED, SeatDecision.Kind.FAILED,
                SeatDecision.Kind.ALLOCATED, SeatDecision.Kind.FAILED, SeatDecision.Kind.ALLOCATED);
        assertThat(decisions.get(1).failureReason()).isEqualTo("buyer_limit");
        assertThat(store.heldBy(scalper)).isEqualTo(4);
        assertThat(store.availability().get("A:2")).as("a refused booking takes nothing").isEqualTo(10 - 4);

        store.apply(List.of(SeatOperation.release(first, scalper, "A", 1)));
        assertThat(store.heldBy(scalper)).isEqualTo(1);
        assertThat(store.apply(List.of(SeatOperation.allocate(UUID.randomUUID(), scalper, "A", 2, "best_available", 3, new int[0])))
                .getFirst().kind()).isEqualTo(SeatDecision.Kind.ALLOCATED);
    }

    @Test
    void a_rebuilt_map_knows_what_each_buyer_holds() {
        SalePlan plan = new SalePlan("", 2, 5, 4, List.of(new SalePlan.Section("A", 100, 1)));
        SeatMapStore store = new SeatMapStore(pool, "test:" + UUID.randomUUID() + ":", plan, 4);
        UUID scalper = UUID.randomUUID();
        store.rebuild(() -> new SeatMapStore.Snapshot(Map.of("A:1", new int[] {0, 1, 2}), Map.of(), Map.of(scalper, 3)));

        assertThat(store.heldBy(scalper)).isEqualTo(3);
        SeatDecision refused = store.apply(List.of(SeatOperation.allocate(UUID.randomUUID(), scalper, "A", 1, "best_available", 2,
                new int[0]))).getFirst();
        assertThat(refused.failureReason()).isEqualTo("buyer_limit");
    }

    private static long countTaken(AllocationCase c) {
        long n = 0;
        for (boolean t : AllocationCases.taken(c)) {
            if (t) {
                n++;
            }
        }
        return n;
    }
}
