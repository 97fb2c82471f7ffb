package dev.ticketing.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import dev.ticketing.runtime.sale.SalePlan;

/**
 * Property: whatever a client sends to any endpoint — broken or hostile JSON, wrong types, control characters, huge
 * numbers, deep nesting, duplicate fields, foreign media types, odd tokens and keys — the answer is never a 5xx,
 * and every error is an RFC 9457 problem whose {@code code} says what went wrong (naming the field for a 400).
 */
class ApiFuzzTest {

    private static final SalePlan PLAN = new SalePlan("Fuzz hall", 10, 10, 4, List.of(new SalePlan.Section("A", 100, 20),
            new SalePlan.Section("B", 50, 20)));
    private static RuntimeFixture sale;
    private static String buyer;
    private static String booking;

    record Request(String method, String path, String body, Map<String, String> headers) {
    }

    @BeforeContainer
    static void start() {
        sale = RuntimeFixture.start("fuzz", PLAN);
        buyer = sale.newBuyer();
        booking = sale.post("/api/v1/sales/" + sale.sale() + "/bookings", buyer,
                "{\"section\":\"A\",\"subsection\":1,\"quantity\":1}").json().get("bookingId").asText();
    }

    @AfterContainer
    static void stop() {
        sale.close();
    }

    @Property(tries = 400)
    void no_request_is_answered_with_a_5xx_and_every_error_is_a_problem(@ForAll("requests") Request request) {
        var builder = HttpRequest.newBuilder(URI.create(sale.uri("/").toString().replaceAll("/$", "") + request.path()))
                .timeout(Duration.ofSeconds(30))
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(request.body()));
        request.headers().forEach(builder::setHeader);
        RuntimeFixture.Response response = sale.send(builder.build());

        assertThat(response.status()).as("%s %s %s -> %s", request.method(), request.path(), request.body(), response.body())
                .isLessThan(500);
        if (response.status() >= 400) {
            assertThat(response.contentType()).startsWith("application/problem+json");
            JsonNode problem = response.json();
            assertThat(problem.path("code").asText()).isNotBlank();
            assertThat(problem.path("status").asInt()).isEqualTo(response.status());
            if (response.status() == 400) {
                assertThat(problem.path("field").asText()).as("%s", response.body()).isNotBlank();
            }
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<String[]> route = Arbitraries.of(
                new String[] {"POST", "/api/v1/auth/register"},
                new String[] {"POST", "/api/v1/auth/login"},
                new String[] {"POST", "/api/v1/sales/{sale}/bookings"},
                new String[] {"POST", "/api/v1/bookings/{booking}/payment"},
                new String[] {"POST", "/api/v1/bookings/{id}/cancel"},
                new String[] {"GET", "/api/v1/bookings/{id}"},
                new String[] {"GET", "/api/v1/sales/{sale}"},
                new String[] {"GET", "/api/v1/sales/{any}/report"},
                new String[] {"POST", "/api/v1/sales/{sale}"},
                new String[] {"DELETE", "/api/v1/bookings/{booking}"});
        // Path segments as a client would send them: percent-encoded.
        Arbitrary<String> ids = Arbitraries.oneOf(Arbitraries.just(UUID.randomUUID().toString()),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40)
                        .map(id -> java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")));
        return Combinators.combine(route, ids, bodies(), headers()).as((r, id, body, headers) -> new Request(r[0],
                r[1].replace("{sale}", sale.sale()).replace("{booking}", booking).replace("{id}", id).replace("{any}", id),
                "GET".equals(r[0]) || "DELETE".equals(r[0]) ? null : body, headers));
    }

    private static Arbitrary<String> bodies() {
        Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(30).map(ApiFuzzTest::jsonString);
        Arbitrary<String> value = Arbitraries.oneOf(text, Arbitraries.integers().map(String::valueOf),
                Arbitraries.of("1.5", "-0", "1e400", "null", "true", "[]", "{}", "\"1-1\"", "[\"1-1\",\"1-2\"]",
                        "1" + "0".repeat(40), "[".repeat(40) + "]".repeat(40), "\"A\"", "\"best_available\"", "\"manual\"",
                        "\"4242424242424242\"", "\"a@b.co\"", "\"longenough\""));
        Arbitrary<String> field = Arbitraries.of("section", "subsection", "quantity", "mode", "seats", "email", "password",
                "name", "cardNumber", "x");
        Arbitrary<String> member = Combinators.combine(field, value).as((f, v) -> "\"" + f + "\":" + v);
        Arbitrary<String> object = member.list().ofMaxSize(6).map(members -> "{" + String.join(",", members) + "}");
        return Arbitraries.oneOf(object, object.map(o -> o + "{}"), object.map(o -> o.replace("{", "{\"quantity\":1,\"quantity\":2,")),
                Arbitraries.strings().all().ofMaxLength(60), Arbitraries.just(""), Arbitraries.just("\u0000"),
                Arbitraries.of("{\"section\":\"A\",\"subsection\":1,\"quantity\":1}",
                        "{\"email\":\"fuzz@example.com\",\"password\":\"longenough\",\"name\":\"F\"}",
                        "{\"cardNumber\":\"4242424242424242\"}"));
    }

    private static Arbitrary<Map<String, String>> headers() {
        Arbitrary<String> visible = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40);
        Arbitrary<String> contentType = Arbitraries.oneOf(Arbitraries.of("application/json", "application/json; charset=utf-8",
                "application/jsonx", "text/plain", "application/json; charset=latin1", "multipart/form-data; boundary=x"), visible);
        Arbitrary<String> authorization = Arbitraries.oneOf(Arbitraries.just("Bearer " + buyer), Arbitraries.just("Bearer " + buyer),
                Arbitraries.just("Bearer " + sale.reportToken()),
                visible.map(v -> "Bearer " + v), visible);
        Arbitrary<String> key = Arbitraries.oneOf(visible, Arbitraries.strings().withCharRange('!', '~').ofLength(129));
        Arbitrary<String> prefer = Arbitraries.oneOf(Arbitraries.of("wait=1", "wait=0", "wait=-1", "wait=1.5", "wait=",
                "respond-async, wait=1", "wait=\"1\"", "wait=99999999999999999999"), visible);
        return Combinators.combine(contentType, authorization, key, prefer, Arbitraries.integers().between(0, 15))
                .as((type, auth, idempotency, preference, mask) -> {
                    var headers = new java.util.HashMap<String, String>();
                    if ((mask & 1) != 0) {
                        headers.put("Content-Type", type.isBlank() ? "x" : type);
                    }
                    if ((mask & 2) != 0) {
                        headers.put("Authorization", auth.isBlank() ? "x" : auth);
                    }
                    if ((mask & 4) != 0) {
                        headers.put("Idempotency-Key", idempotency.isBlank() ? "x" : idempotency);
                    }
                    if ((mask & 8) != 0) {
                        headers.put("Prefer", preference.isBlank() ? "x" : preference);
                    }
                    return headers;
                });
    }

    private static String jsonString(String raw) {
        return Json.writeString(raw);
    }
}
