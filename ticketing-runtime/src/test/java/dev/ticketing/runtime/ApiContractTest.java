package dev.ticketing.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.ticketing.runtime.RuntimeFixture.Response;
import dev.ticketing.runtime.sale.SalePlan;

/** Every endpoint of DESIGN.md §3: its success and each of its errors, as problem+json. */
class ApiContractTest {

    private static final SalePlan PLAN = new SalePlan("Contract hall", 2, 5, 4, List.of(
            new SalePlan.Section("A", 3000, 3), new SalePlan.Section("B", 1000, 3)));

    private static RuntimeFixture sale;
    private static String alice;
    private static String bob;

    @BeforeAll
    static void start() {
        sale = RuntimeFixture.start("contract", PLAN);
        alice = login(register("alice"));
        bob = login(register("bob"));
    }

    @AfterAll
    static void stop() {
        sale.close();
    }

    private static String register(String who) {
        String email = who + "-" + UUID.randomUUID() + "@example.com";
        Response r = sale.post("/api/v1/auth/register", null,
                "{\"email\":\"" + email + "\",\"password\":\"correct horse\",\"name\":\"" + who + "\"}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("email").asText()).isEqualTo(email);
        assertThat(r.json().get("id").asText()).isNotBlank();
        return email;
    }

    private static String login(String email) {
        Response r = sale.post("/api/v1/auth/login", null, "{\"email\":\"" + email + "\",\"password\":\"correct horse\"}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("expiresAt").asText()).isNotBlank();
        return r.json().get("token").asText();
    }

    private static String book(String token, String body) {
        Response r = sale.post("/api/v1/sales/" + sale.sale() + "/bookings", token, body);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.json().get("status").asText()).isEqualTo("processing");
        String id = r.json().get("bookingId").asText();
        assertThat(r.location()).isEqualTo("/api/v1/bookings/" + id);
        return id;
    }

    private static JsonNode awaitStatus(String token, String id, String status) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> sale.get("/api/v1/bookings/" + id, token).json(),
                b -> b.get("status").asText().equals(status));
    }

    static void assertProblem(Response r, int status, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode problem = r.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asText()).startsWith("https://");
        assertThat(problem.get("detail").asText()).isNotBlank();
        if (field != null) {
            assertThat(problem.path("field").asText()).isEqualTo(field);
        }
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void registering_an_email_twice_is_a_conflict_whatever_its_case() {
        String email = register("carol");
        Response r = sale.post("/api/v1/auth/register", null,
                "{\"email\":\"" + email.toUpperCase() + "\",\"password\":\"another pass\",\"name\":\"Carol\"}");
        assertProblem(r, 409, "email");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"email\":\"not-an-email\",\"password\":\"longenough\",\"name\":\"x\"} | email",
            "{\"email\":\"a@b.co\",\"password\":\"short\",\"name\":\"x\"}            | password",
            "{\"email\":\"a@b.co\",\"password\":\"longenough\"}                      | name",
            "{\"email\":42,\"password\":\"longenough\",\"name\":\"x\"}               | email"})
    void registration_rejects_invalid_fields_by_name(String body, String field) {
        assertProblem(sale.post("/api/v1/auth/register", null, body), 400, field);
    }

    @Test
    void login_with_a_wrong_password_or_unknown_email_is_unauthorized() {
        assertProblem(sale.post("/api/v1/auth/login", null, "{\"email\":\"nobody@example.com\",\"password\":\"whatever1\"}"), 401, null);
        String email = register("dave");
        assertProblem(sale.post("/api/v1/auth/login", null, "{\"email\":\"" + email + "\",\"password\":\"wrong pass\"}"), 401, null);
    }

    @Test
    void sale_shows_prices_and_availability_per_subsection() {
        Response r = sale.get("/api/v1/sales/" + sale.sale(), null);
        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("ticketsTotal").asLong()).isEqualTo(60);
        assertThat(body.get("sections").get(0).get("price").asInt()).isEqualTo(3000);
        assertThat(body.get("sections").get(1).get("subsections").get(0).get("total").asInt()).isEqualTo(10);
        assertProblem(sale.get("/api/v1/sales/no-such-sale", null), 404, "sale");
        assertProblem(sale.get("/api/v1/sales/no-such-sale/report", sale.reportToken()), 404, "sale");
    }

    @Test
    void the_report_is_for_holders_of_the_sale_report_token_only() {
        String path = "/api/v1/sales/" + sale.sale() + "/report";
        Response anonymous = sale.get(path, null);
        assertProblem(anonymous, 401, "Authorization");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertProblem(sale.get(path, alice), 401, "Authorization");
        assertProblem(sale.get(path, sale.reportToken() + "x"), 401, "Authorization");
        assertProblem(sale.get(path, sale.reportToken().substring(1)), 401, "Authorization");
        assertThat(sale.get(path, sale.reportToken()).status()).isEqualTo(200);
        assertProblem(sale.post("/api/v1/sales/" + sale.sale() + "/bookings", sale.reportToken(),
                "{\"section\":\"A\",\"subsection\":1,\"quantity\":1}"), 401, null);
    }

    @Test
    void a_booking_is_accepted_then_decided_with_adjacent_seats_and_its_price() {
        String id = book(alice, "{\"section\":\"A\",\"subsection\":1,\"mode\":\"best_available\",\"quantity\":2}");
        JsonNode booking = awaitStatus(alice, id, "pending_payment");
        assertThat(booking.get("section").asText()).isEqualTo("A");
        assertThat(booking.get("seats")).hasSize(2);
        assertThat(booking.get("totalPrice").asInt()).isEqualTo(6000);
    }

    @Test
    void manual_seats_are_booked_exactly_or_not_at_all() {
        String first = book(alice, "{\"section\":\"A\",\"subsection\":2,\"mode\":\"manual\",\"seats\":[\"2-3\",\"2-4\"]}");
        assertThat(awaitStatus(alice, first, "pending_payment").get("seats").toString()).isEqualTo("[\"2-3\",\"2-4\"]");
        String second = book(bob, "{\"section\":\"A\",\"subsection\":2,\"mode\":\"manual\",\"seats\":[\"2-4\",\"2-5\"]}");
        assertThat(awaitStatus(bob, second, "failed").get("failureReason").asText()).isEqualTo("seats_unavailable");
    }

    @Test
    void another_buyers_booking_is_not_found_for_reading_cancelling_or_paying() {
        String id = book(alice, "{\"section\":\"A\",\"subsection\":3,\"quantity\":1}");
        awaitStatus(alice, id, "pending_payment");
        assertProblem(sale.get("/api/v1/bookings/" + id, bob), 404, "id");
        assertProblem(sale.get("/api/v1/bookings/" + id + "/events", bob), 404, "id");
        assertProblem(sale.post("/api/v1/bookings/" + id + "/cancel", bob, ""), 404, "id");
        assertProblem(sale.post("/api/v1/bookings/" + id + "/payment", bob, "{\"cardNumber\":\"4242424242424242\"}"), 404, "id");
        assertProblem(sale.get("/api/v1/bookings/" + UUID.randomUUID(), alice), 404, "id");
        assertProblem(sale.get("/api/v1/bookings/not-a-uuid", alice), 404, "id");
    }

    @Test
    void payment_completes_a_pending_booking_once() {
        String id = book(alice, "{\"section\":\"A\",\"subsection\":3,\"quantity\":1}");
        awaitStatus(alice, id, "pending_payment");
        assertProblem(sale.post("/api/v1/bookings/" + id + "/payment", alice, "{\"cardNumber\":\"4242424242424241\"}"), 400, "cardNumber");
        Response paid = sale.post("/api/v1/bookings/" + id + "/payment", alice, "{\"cardNumber\":\"4242 4242 4242 4242\"}");
        assertThat(paid.status()).isEqualTo(200);
        assertThat(paid.json().get("status").asText()).isEqualTo("completed");
        assertThat(paid.json().get("paymentId").asText()).isNotBlank();
        assertProblem(sale.post("/api/v1/bookings/" + id + "/payment", alice, "{\"cardNumber\":\"4242424242424242\"}"), 409, null);
        assertProblem(sale.post("/api/v1/bookings/" + id + "/cancel", alice, ""), 409, null);
        assertThat(sale.get("/api/v1/bookings/" + id, alice).json().get("status").asText()).isEqualTo("completed");
    }

    @Test
    void cancelling_frees_the_seats_and_cannot_be_followed_by_payment() {
        String id = book(bob, "{\"section\":\"B\",\"subsection\":1,\"mode\":\"manual\",\"seats\":[\"1-1\"]}");
        awaitStatus(bob, id, "pending_payment");
        Response cancelled = sale.post("/api/v1/bookings/" + id + "/cancel", bob, "");
        assertThat(cancelled.status()).isEqualTo(202);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("cancelled");
        assertThat(sale.post("/api/v1/bookings/" + id + "/cancel", bob, "").status()).as("a retried cancel").isEqualTo(202);
        assertProblem(sale.post("/api/v1/bookings/" + id + "/payment", bob, "{\"cardNumber\":\"4242424242424242\"}"), 409, null);
        // The released seat can be booked again once the release went through the subsection's partition.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String again = book(alice, "{\"section\":\"B\",\"subsection\":1,\"mode\":\"manual\",\"seats\":[\"1-1\"]}");
            assertThat(awaitStatus(alice, again, "pending_payment").get("seats").get(0).asText()).isEqualTo("1-1");
        });
    }

    @Test
    void a_stream_until_decided_ends_with_the_decision_and_a_bad_until_is_a_problem() throws Exception {
        String processing = book(alice, "{\"section\":\"A\",\"subsection\":1,\"quantity\":1}");
        HttpRequest request = HttpRequest.newBuilder(sale.uri("/api/v1/bookings/" + processing + "/events?until=decided"))
                .header("Authorization", "Bearer " + alice).header("Accept", "text/event-stream").build();

        // The whole body: the server ends the stream at the decision, though pending_payment is not final.
        String body = HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .get(30, java.util.concurrent.TimeUnit.SECONDS).body();

        List<String> data = body.lines().filter(line -> line.startsWith("data:")).toList();
        assertThat(data).isNotEmpty();
        assertThat(data.getLast()).contains("\"status\":\"pending_payment\"");
        assertThat(data.subList(0, data.size() - 1)).allMatch(line -> line.contains("\"status\":\"processing\""));
        assertProblem(sale.get("/api/v1/bookings/" + processing + "/events?until=forever", alice), 400, "until");
        // An ended stream is a complete response: its connection carries the buyer's next request.
        try (var socket = new java.net.Socket(sale.uri("/").getHost(), sale.uri("/").getPort())) {
            socket.setSoTimeout(30_000);
            var in = socket.getInputStream();
            socket.getOutputStream().write(("GET /api/v1/bookings/" + processing + "/events?until=decided HTTP/1.1\r\n"
                    + "Host: localhost\r\nAuthorization: Bearer " + alice + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String head = readThrough(in, "\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("Connection: close");
            // Decided already, the stream is one write, sent with its length; a stream that waited ends in chunks.
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
            String stream = length.find() ? new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8)
                    : readThrough(in, "\r\n0\r\n\r\n");
            assertThat(stream).contains("\"status\":\"pending_payment\"");
            socket.getOutputStream().write(("GET /api/v1/bookings/" + processing + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\nAuthorization: Bearer " + alice + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200")
                    .contains("\"status\":\"pending_payment\"");
        }
        try (var socket = new java.net.Socket(sale.uri("/").getHost(), sale.uri("/").getPort())) {
            socket.getOutputStream().write(("GET /api/v1/bookings/" + processing + "/events?until=%zz HTTP/1.1\r\n"
                    + "Host: localhost\r\nConnection: close\r\nAuthorization: Bearer " + alice + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json").contains("\"field\":\"until\"");
        }
    }

    @Test
    void events_stream_the_current_status_then_each_change_until_final() throws Exception {
        String id = book(alice, "{\"section\":\"A\",\"subsection\":1,\"quantity\":1}");
        awaitStatus(alice, id, "pending_payment");
        HttpRequest request = HttpRequest.newBuilder(sale.uri("/api/v1/bookings/" + id + "/events"))
                .header("Authorization", "Bearer " + alice).header("Accept", "text/event-stream").build();
        CompletableFuture<List<String>> events = HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(response -> {
                    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
                    List<String> data = new ArrayList<>();
                    try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = reader.readLine()) != null) {
                            if (line.startsWith("data:")) {
                                data.add(line.substring(5).strip());
                            }
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return data;
                });
        // Pay only once the stream is open (watching, first state read): otherwise its first event is already final.
        await().atMost(Duration.ofSeconds(30)).until(() -> openStreams() > 0);
        assertThat(sale.post("/api/v1/bookings/" + id + "/payment", alice, "{\"cardNumber\":\"4242424242424242\"}").status())
                .isEqualTo(200);
        List<String> data = events.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(data).hasSize(2);
        assertThat(data.get(0)).contains("\"status\":\"pending_payment\"");
        assertThat(data.get(1)).contains("\"status\":\"completed\"");
    }

    @Test
    void a_stream_the_buyer_left_is_closed_by_the_server_within_seconds() throws Exception {
        String id = book(bob, "{\"section\":\"B\",\"subsection\":2,\"quantity\":1}");
        awaitStatus(bob, id, "pending_payment");
        try (var socket = new java.net.Socket(sale.uri("/").getHost(), sale.uri("/").getPort())) {
            socket.getOutputStream().write(("GET /api/v1/bookings/" + id + "/events HTTP/1.1\r\nHost: localhost\r\n"
                    + "Accept: text/event-stream\r\nAuthorization: Bearer " + bob + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            var reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = reader.readLine();
            } while (line != null && !line.contains("pending_payment"));
            assertThat(line).as("the stream shows the decision").isNotNull();
            assertThat(openStreams()).isPositive();
        }
        // pending_payment is not final: without noticing the buyer left, the server would hold the stream for minutes.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(openStreams()).isZero());
    }

    private static int openStreams() {
        return sale.get("/metrics", null).body().lines().filter(l -> l.startsWith("ticketing_sse_streams_open"))
                .mapToInt(l -> (int) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void booking_needs_a_valid_unexpired_token() {
        String path = "/api/v1/sales/" + sale.sale() + "/bookings";
        String body = "{\"section\":\"A\",\"subsection\":1,\"quantity\":1}";
        assertProblem(sale.post(path, null, body), 401, null);
        String forged = JWT.create().withIssuer("ticketing-runtime").withSubject(UUID.randomUUID().toString())
                .withExpiresAt(java.time.Instant.now().plusSeconds(600)).sign(Algorithm.HMAC256("another-secret-another-secret-0123"));
        assertProblem(sale.post(path, forged, body), 401, null);
        String expired = JWT.create().withIssuer("ticketing-runtime").withSubject(UUID.randomUUID().toString())
                .withExpiresAt(java.time.Instant.now().minusSeconds(600)).sign(Algorithm.HMAC256(RuntimeFixture.TOKEN_SECRET));
        assertProblem(sale.post(path, expired, body), 401, null);
        assertProblem(sale.post(path, "not.a.jwt", body), 401, null);
        assertProblem(sale.get("/api/v1/bookings/" + UUID.randomUUID(), null), 401, null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "malformed JSON            | {\"section\":\"A\",                                                       | 400 | body",
            "not an object             | [1,2]                                                                    | 400 | body",
            "empty body                | ``                                                                       | 400 | body",
            "section of wrong type     | {\"section\":1,\"subsection\":1,\"quantity\":1}                           | 400 | section",
            "subsection of wrong type  | {\"section\":\"A\",\"subsection\":\"1\",\"quantity\":1}                   | 400 | subsection",
            "quantity of wrong type    | {\"section\":\"A\",\"subsection\":1,\"quantity\":1.5}                     | 400 | quantity",
            "quantity missing          | {\"section\":\"A\",\"subsection\":1}                                      | 400 | quantity",
            "quantity zero             | {\"section\":\"A\",\"subsection\":1,\"quantity\":0}                       | 400 | quantity",
            "quantity five             | {\"section\":\"A\",\"subsection\":1,\"quantity\":5}                       | 400 | quantity",
            "quantity negative         | {\"section\":\"A\",\"subsection\":1,\"quantity\":-1}                      | 400 | quantity",
            "unknown mode              | {\"section\":\"A\",\"subsection\":1,\"quantity\":1,\"mode\":\"random\"}  | 400 | mode",
            "unknown section           | {\"section\":\"Z\",\"subsection\":1,\"quantity\":1}                       | 404 | section",
            "unknown subsection        | {\"section\":\"A\",\"subsection\":4,\"quantity\":1}                       | 404 | subsection",
            "subsection zero           | {\"section\":\"A\",\"subsection\":0,\"quantity\":1}                       | 404 | subsection",
            "best_available with seats | {\"section\":\"A\",\"subsection\":1,\"quantity\":1,\"seats\":[\"1-1\"]}  | 400 | seats",
            "manual without seats      | {\"section\":\"A\",\"subsection\":1,\"mode\":\"manual\",\"quantity\":1}  | 400 | seats",
            "manual seat outside grid  | {\"section\":\"A\",\"subsection\":1,\"mode\":\"manual\",\"seats\":[\"3-1\"]}       | 400 | seats[0]",
            "manual seat malformed     | {\"section\":\"A\",\"subsection\":1,\"mode\":\"manual\",\"seats\":[\"x\"]}         | 400 | seats[0]",
            "manual seat repeated      | {\"section\":\"A\",\"subsection\":1,\"mode\":\"manual\",\"seats\":[\"1-1\",\"1-1\"]} | 400 | seats[1]",
            "manual quantity mismatch  | {\"section\":\"A\",\"subsection\":1,\"mode\":\"manual\",\"quantity\":2,\"seats\":[\"1-1\"]} | 400 | quantity",
            "manual seats not a list   | {\"section\":\"A\",\"subsection\":1,\"mode\":\"manual\",\"seats\":\"1-1\"}         | 400 | seats",
            "a field twice             | {\"section\":\"A\",\"subsection\":1,\"quantity\":1,\"quantity\":4}            | 400 | quantity",
            "trailing garbage          | {\"section\":\"A\",\"subsection\":1,\"quantity\":1} trailing                   | 400 | body",
            "a second object           | {\"section\":\"A\",\"subsection\":1,\"quantity\":1}{\"section\":\"B\"}        | 400 | body",
            "a NUL in the section      | {\"section\":\"A\\u0000\",\"subsection\":1,\"quantity\":1}                | 400 | section"})
    void bad_booking_requests_get_a_problem_naming_the_field(String name, String body, int status, String field) {
        assertProblem(sale.post("/api/v1/sales/" + sale.sale() + "/bookings", alice, body), status, field);
    }

    @Test
    void numbers_too_long_values_nested_too_deep_and_foreign_media_types_are_client_errors() {
        String path = "/api/v1/sales/" + sale.sale() + "/bookings";
        assertProblem(sale.post(path, alice, "{\"section\":\"A\",\"subsection\":1,\"quantity\":1" + "1".repeat(5_000) + "}"),
                400, "body");
        assertProblem(sale.post(path, alice, "{\"section\":\"A\",\"subsection\":1,\"quantity\":1,\"x\":"
                + "[".repeat(5_000) + "]".repeat(5_000) + "}"), 400, "body");
        String body = "{\"section\":\"A\",\"subsection\":1,\"quantity\":1}";
        for (String type : List.of("application/jsonx", "text/plain", "application/json; charset=latin-1", "application/json-patch+json")) {
            assertProblem(sale.post(path, alice, body, Map.of("Content-Type", type)), 415, "Content-Type");
        }
        Response accepted = sale.post(path, alice, body, Map.of("Content-Type", "Application/JSON; charset=\"UTF-8\""));
        assertThat(accepted.status()).as(accepted.body()).isIn(202, 409);
        assertProblem(sale.post("/api/v1/auth/register", null,
                "{\"email\":\"ctl@example.com\",\"password\":\"longenough\",\"name\":\"Eve\\u0007\"}"), 400, "name");
    }

    @Test
    void one_address_is_one_account_whatever_its_unicode_form_or_the_servers_locale() {
        String nfc = "ren\u00e9e-" + UUID.randomUUID() + "@example.com";
        String nfd = nfc.replace("\u00e9", "e\u0301");
        Response first = sale.post("/api/v1/auth/register", null, "{\"email\":\"" + nfc + "\",\"password\":\"longenough\",\"name\":\"R\"}");
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertProblem(sale.post("/api/v1/auth/register", null, "{\"email\":\"" + nfd + "\",\"password\":\"longenough\",\"name\":\"R\"}"),
                409, "email");
        assertThat(sale.post("/api/v1/auth/login", null, "{\"email\":\"" + nfd.toUpperCase(java.util.Locale.ROOT)
                + "\",\"password\":\"longenough\"}").status()).as("login by another form of the same address").isEqualTo(200);

        String local = "-" + UUID.randomUUID() + "@example.com";
        assertThat(sale.post("/api/v1/auth/register", null, "{\"email\":\"\u0130nfo" + local + "\",\"password\":\"longenough\",\"name\":\"I\"}")
                .status()).isEqualTo(201);
        assertThat(sale.post("/api/v1/auth/register", null, "{\"email\":\"info" + local + "\",\"password\":\"longenough\",\"name\":\"i\"}")
                .status()).as("a dotted capital I is not an i").isEqualTo(201);
    }

    @Test
    void a_token_for_an_unknown_account_or_with_an_absurd_lifetime_is_unauthorized() {
        String path = "/api/v1/sales/" + sale.sale() + "/bookings";
        String body = "{\"section\":\"A\",\"subsection\":1,\"quantity\":1}";
        String nobody = JWT.create().withIssuer("ticketing-runtime").withSubject(UUID.randomUUID().toString())
                .withExpiresAt(java.time.Instant.now().plusSeconds(600)).sign(Algorithm.HMAC256(RuntimeFixture.TOKEN_SECRET));
        assertProblem(sale.post(path, nobody, body), 401, null);
        String forever = JWT.create().withIssuer("ticketing-runtime").withSubject(JWT.decode(alice).getSubject())
                .withExpiresAt(java.time.Instant.parse("9999-12-31T00:00:00Z")).sign(Algorithm.HMAC256(RuntimeFixture.TOKEN_SECRET));
        assertProblem(sale.post(path, forever, body), 401, null);
    }

    @Test
    void oversized_bodies_and_unknown_routes_get_problems_too() {
        String huge = "{\"section\":\"" + "A".repeat(40_000) + "\"}";
        assertProblem(sale.post("/api/v1/sales/" + sale.sale() + "/bookings", alice, huge), 413, null);
        assertProblem(sale.post("/api/v1/sales/" + sale.sale() + "/bookings", alice, "{\"a\":\"" + "x".repeat(2_000_000) + "\"}"), 413, null);
        assertProblem(sale.get("/api/v1/nothing-here", alice), 404, null);
        assertProblem(sale.post("/api/v1/sales/" + sale.sale() + "/bookings", alice, "{}",
                Map.of("Idempotency-Key", "x".repeat(200))), 400, "Idempotency-Key");
        assertProblem(sale.post("/api/v1/sales/nope/bookings", alice, "{\"section\":\"A\",\"subsection\":1,\"quantity\":1}"), 404, "sale");
    }

    @Test
    void a_sold_out_subsection_answers_409_fast_without_publishing() {
        for (int i = 0; i < 2; i++) {
            String id = book(bob, "{\"section\":\"B\",\"subsection\":3,\"mode\":\"manual\",\"seats\":[\"2-" + (i * 2 + 1)
                    + "\",\"2-" + (i * 2 + 2) + "\"]}");
            awaitStatus(bob, id, "pending_payment");
        }
        // Fill the rest of B-3 (10 seats; no other test books there).
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Response r = sale.post("/api/v1/sales/" + sale.sale() + "/bookings", bob,
                    "{\"section\":\"B\",\"subsection\":3,\"quantity\":1}");
            assertThat(r.status()).as(r.body()).isEqualTo(409);
            assertProblem(r, 409, null);
            assertThat(r.json().get("code").asText()).isEqualTo("sold_out");
        });
    }

    @Test
    void report_health_and_metrics_are_served() {
        Response report = sale.report();
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.json().get("ticketsTotal").asLong()).isEqualTo(60);
        assertThat(report.json().has("bookingLatencyMs")).isTrue();
        assertThat(sale.get("/health/live", null).status()).isEqualTo(200);
        assertThat(sale.get("/health/ready", null).status()).isEqualTo(200);
        Response metrics = sale.get("/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("ticketing_http_requests");
    }

    /** What a socket delivers up to and including {@code end}, byte by byte so nothing after it is consumed. */
    private static String readThrough(java.io.InputStream in, String end) throws java.io.IOException {
        StringBuilder read = new StringBuilder();
        for (int b = in.read(); b != -1; b = in.read()) {
            read.append((char) b);
            if (read.length() >= end.length() && read.lastIndexOf(end) == read.length() - end.length()) {
                return read.toString();
            }
        }
        throw new java.io.EOFException("the connection ended before " + end.strip() + ": " + read);
    }

}
