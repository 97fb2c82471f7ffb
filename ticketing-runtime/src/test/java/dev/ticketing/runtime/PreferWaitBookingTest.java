package dev.ticketing.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ticketing.runtime.RuntimeFixture.Response;
import dev.ticketing.runtime.booking.BatchHooks;
import dev.ticketing.runtime.sale.SalePlan;

/** {@code Prefer: wait=N} on a booking: the decision in the answer when it comes in time, the plain 202 otherwise. */
class PreferWaitBookingTest {

    private static final SalePlan PLAN = new SalePlan("Waiting room", 2, 5, 4, List.of(new SalePlan.Section("A", 100, 2)));
    private static final String BODY = "{\"section\":\"A\",\"subsection\":1,\"quantity\":2}";

    @Test
    void a_buyer_who_prefers_to_wait_gets_the_decision_in_the_answer_or_202_to_follow_when_it_is_late() throws Exception {
        try (RuntimeFixture sale = RuntimeFixture.create("prefer-wait", PLAN, Map.of())
                .startRuntime(EnumSet.of(Role.API), 0, BatchHooks.NONE, null)) {
            String path = "/api/v1/sales/" + sale.sale() + "/bookings";
            String buyer = sale.newBuyer();

            // No consumer runs yet: nothing can decide within the second this buyer waits.
            Response late = sale.post(path, buyer, BODY, Map.of("Prefer", "wait=1", "Idempotency-Key", "late-1"));
            assertThat(late.status()).as(late.body()).isEqualTo(202);
            assertThat(late.json().get("status").asText()).isEqualTo("processing");
            assertThat(late.headers().firstValue("Preference-Applied")).isEmpty();
            String lateId = late.json().get("bookingId").asText();

            try (TicketingRuntime consumer = sale.startProcess(EnumSet.of(Role.CONSUMER), 1, BatchHooks.NONE,
                    Map.of("HTTP_PORT", "0"))) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                        sale.get("/api/v1/bookings/" + lateId, buyer).json().get("status").asText()).isEqualTo("pending_payment"));
                Response replay = sale.post(path, buyer, BODY, Map.of("Prefer", "wait=5", "Idempotency-Key", "late-1"));
                assertThat(replay.status()).as("a replay of a decided booking answers with its decision").isEqualTo(200);
                assertThat(replay.json().get("id").asText()).isEqualTo(lateId);

                Response decided = sale.post(path, sale.newBuyer(), BODY, Map.of("Prefer", "wait=10"));
                assertThat(decided.status()).as(decided.body()).isEqualTo(200);
                assertThat(decided.headers().firstValue("Preference-Applied")).hasValue("wait=10");
                assertThat(decided.json().get("status").asText()).isEqualTo("pending_payment");
                assertThat(decided.json().get("seats")).hasSize(2);
                assertThat(decided.location()).isEqualTo("/api/v1/bookings/" + decided.json().get("id").asText());

                String four = "{\"section\":\"A\",\"subsection\":2,\"quantity\":4}";
                for (int i = 0; i < 2; i++) {
                    assertThat(sale.post(path, sale.newBuyer(), four, Map.of("Prefer", "respond-async, wait=10")).status())
                            .isEqualTo(200);
                }
                Response failed = sale.post(path, sale.newBuyer(), four, Map.of("Prefer", "wait=10"));
                if (failed.status() == 200) {
                    assertThat(failed.json().get("status").asText()).as("a refusal is a decision too").isEqualTo("failed");
                    assertThat(failed.json().get("failureReason").asText()).isNotBlank();
                } else {
                    assertThat(failed.status()).as("refused at the door from the availability cache").isEqualTo(409);
                }
            }
        }
    }
}
