package dev.ticketing.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.ticketing.runtime.booking.BatchHooks;
import dev.ticketing.runtime.sale.SalePlan;

/**
 * Per-account, per-address and per-buyer limits, on a clock the test moves, and password hashing that cannot
 * take the API down: what the hostile clients of a flash sale (credential stuffing, scripted booking) get.
 */
class ClientLimitsTest {

    private static final String BOOK = "{\"section\":\"A\",\"subsection\":1,\"quantity\":1}";

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));

    @Test
    void logins_past_the_accounts_limit_get_429_with_retry_after_even_with_the_right_password() {
        try (RuntimeFixture sale = limited(Map.of("AUTH_LOGINS_PER_MINUTE_PER_ACCOUNT", "3"))) {
            register(sale, "ada@example.com", "10.0.0.1");
            for (int i = 0; i < 3; i++) {
                assertThat(login(sale, "ada@example.com", "wrong-password", "10.0.0.1").status()).isEqualTo(401);
            }

            var refused = login(sale, "ada@example.com", "correct-horse", "10.0.0.2");
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("20");
            assertThat(refused.json().path("code").asText()).isEqualTo("rate_limited");
            assertThat(refused.json().path("retryAfterSeconds").asInt()).isEqualTo(20);
            assertThat(login(sale, "ADA@example.com", "correct-horse", "10.0.0.2").status())
                    .as("the same account in another spelling").isEqualTo(429);
            assertThat(login(sale, "bob@example.com", "whatever-it-is", "10.0.0.1").status()).as("other accounts").isEqualTo(401);

            clock.set(clock.instant().plusSeconds(20));
            assertThat(login(sale, "ada@example.com", "correct-horse", "10.0.0.2").status()).isEqualTo(200);
        }
    }

    @Test
    void logins_and_registrations_past_the_addresss_limit_get_429() {
        try (RuntimeFixture sale = limited(Map.of("AUTH_LOGINS_PER_MINUTE_PER_ADDRESS", "4",
                "AUTH_REGISTRATIONS_PER_MINUTE_PER_ADDRESS", "2"))) {
            assertThat(register(sale, "one@example.com", "10.0.0.1").status()).isEqualTo(201);
            assertThat(register(sale, "two@example.com", "10.0.0.1").status()).isEqualTo(201);
            assertThat(register(sale, "three@example.com", "10.0.0.1").status()).isEqualTo(429);
            assertThat(register(sale, "three@example.com", "10.0.0.9").status()).as("another client").isEqualTo(201);

            for (int i = 0; i < 4; i++) {
                assertThat(login(sale, "user" + i + "@example.com", "wrong-password", "10.0.0.5").status()).isEqualTo(401);
            }
            assertThat(login(sale, "one@example.com", "correct-horse", "10.0.0.5").status()).isEqualTo(429);
            assertThat(login(sale, "one@example.com", "correct-horse", "10.0.0.6").status()).isEqualTo(200);
        }
    }

    @Test
    void without_a_trusted_header_the_client_cannot_choose_its_address() {
        try (RuntimeFixture sale = RuntimeFixture.create("limits-untrusted", SalePlan.seedLayout("Limits"),
                        Map.of("AUTH_LOGINS_PER_MINUTE_PER_ADDRESS", "2"))
                .startRuntime(EnumSet.of(Role.API), 0, BatchHooks.NONE, null, clock)) {
            login(sale, "a@example.com", "wrong-password", "10.0.0.1");
            login(sale, "b@example.com", "wrong-password", "10.0.0.2");

            assertThat(login(sale, "c@example.com", "wrong-password", "10.0.0.3").status())
                    .as("X-Forwarded-For ignored: all three came from 127.0.0.1").isEqualTo(429);
        }
    }

    @Test
    void booking_requests_past_the_buyers_limit_get_429_and_other_buyers_are_unaffected() {
        try (RuntimeFixture sale = limited(Map.of("BOOKING_REQUESTS_PER_MINUTE_PER_BUYER", "2"))) {
            String scalper = sale.newBuyer();
            String buyer = sale.newBuyer();
            String bookings = "/api/v1/sales/" + sale.sale() + "/bookings";
            assertThat(sale.post(bookings, scalper, BOOK).status()).isEqualTo(202);
            assertThat(sale.post(bookings, scalper, BOOK).status()).isEqualTo(202);

            var refused = sale.post(bookings, scalper, BOOK);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("30");
            assertThat(sale.post(bookings, buyer, BOOK).status()).isEqualTo(202);
        }
    }

    @Test
    void a_flood_of_logins_is_answered_401_or_503_to_retry_while_everything_else_is_served() throws Exception {
        // One hashing thread, two waiting, a deliberately slow hash: the flood saturates hashing at once.
        try (RuntimeFixture sale = RuntimeFixture.create("login-flood", SalePlan.seedLayout("Flood"), Map.of(
                        "AUTH_HASHING_THREADS", "1", "AUTH_HASHING_QUEUE", "2", "AUTH_PASSWORD_HASH_ITERATIONS", "2000000"))
                .startRuntime(EnumSet.of(Role.API, Role.CONSUMER), 1, BatchHooks.NONE, null, clock)) {
            String buyer = sale.newBuyer();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<RuntimeFixture.Response>> logins = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    String email = "stuffed-" + i + "@example.com";
                    logins.add(clients.submit(() -> login(sale, email, "password-" + email, "10.0.0.1")));
                }
                List<Callable<Integer>> others = List.of(
                        () -> sale.get("/health/ready", null).status(),
                        () -> sale.get("/api/v1/sales/" + sale.sale(), null).status(),
                        () -> sale.post("/api/v1/sales/" + sale.sale() + "/bookings", buyer, BOOK).status());
                for (int round = 0; round < 5; round++) {
                    for (Callable<Integer> request : others) {
                        assertThat(request.call()).isIn(200, 202);
                    }
                }
                for (Future<RuntimeFixture.Response> login : logins) {
                    RuntimeFixture.Response answer = login.get();
                    assertThat(answer.status()).as(answer.body()).isIn(401, 503);
                    if (answer.status() == 503) {
                        assertThat(answer.json().path("code").asText()).isEqualTo("auth_busy");
                        assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
                    }
                }
            }
        }
    }

    private RuntimeFixture limited(Map<String, String> limits) {
        Map<String, String> env = new HashMap<>(limits);
        env.put("HTTP_CLIENT_ADDRESS_HEADER", "X-Forwarded-For");
        return RuntimeFixture.create("limits", SalePlan.seedLayout("Limits"), env)
                .startRuntime(EnumSet.of(Role.API, Role.CONSUMER), 1, BatchHooks.NONE, null, clock);
    }

    private static RuntimeFixture.Response register(RuntimeFixture sale, String email, String address) {
        return sale.post("/api/v1/auth/register", null, "{\"email\":\"" + email + "\",\"password\":\"correct-horse\",\"name\":\"Ada\"}",
                Map.of("X-Forwarded-For", "203.0.113.7, " + address));
    }

    private static RuntimeFixture.Response login(RuntimeFixture sale, String email, String password, String address) {
        return sale.post("/api/v1/auth/login", null, "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}",
                Map.of("X-Forwarded-For", "203.0.113.7, " + address));
    }
}
