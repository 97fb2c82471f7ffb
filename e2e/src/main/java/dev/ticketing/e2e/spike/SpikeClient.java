package dev.ticketing.e2e.spike;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The runtime's public API as a buyer uses it; nothing here retries behind the caller's back. */
public final class SpikeClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> DECIDED = Set.of("pending_payment", "failed", "completed", "cancelled");

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    public SpikeClient(URI base) {
        this.base = base;
    }

    public record Answer(int status, JsonNode body) {
    }

    public JsonNode sale(String sale) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve("/api/v1/sales/" + sale)).GET(), null).body();
    }

    public JsonNode report(String sale) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve("/api/v1/sales/" + sale + "/report")).GET(), null).body();
    }

    /** Registers (a 409 means the buyer exists from an earlier run) and logs in; returns the token. */
    public String buyer(String email, String password) throws Exception {
        String credentials = JSON.writeValueAsString(java.util.Map.of("email", email, "password", password, "name", "Spike buyer"));
        Answer registered = post("/api/v1/auth/register", null, credentials);
        if (registered.status() != 201 && registered.status() != 409) {
            throw new IllegalStateException("register " + email + " answered " + registered.status() + ": " + registered.body());
        }
        Answer login = post("/api/v1/auth/login", null,
                JSON.writeValueAsString(java.util.Map.of("email", email, "password", password)));
        if (login.status() != 200) {
            throw new IllegalStateException("login " + email + " answered " + login.status() + ": " + login.body());
        }
        return login.body().get("token").asText();
    }

    public Answer book(String sale, String token, String body) throws Exception {
        return post("/api/v1/sales/" + sale + "/bookings", token, body);
    }

    /**
     * Follows a booking until it is decided: the SSE stream first; if it breaks, polling. Empty when
     * no decision came before the deadline.
     */
    public Optional<Correctness.Seen> followUntilDecided(String bookingId, String token, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/bookings/" + bookingId + "/events"))
                    .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").timeout(timeout).GET().build();
            HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() == 200) {
                try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        if (line.startsWith("data:")) {
                            Correctness.Seen seen = seen(JSON.readTree(line.substring(5).strip()));
                            if (DECIDED.contains(seen.status())) {
                                return Optional.of(seen);
                            }
                        }
                    }
                }
            }
        } catch (Exception e) {
            // fall back to polling below
        }
        while (System.nanoTime() < deadline) {
            try {
                Answer answer = send(HttpRequest.newBuilder(base.resolve("/api/v1/bookings/" + bookingId)).GET(), token);
                if (answer.status() == 200 && DECIDED.contains(answer.body().path("status").asText())) {
                    return Optional.of(seen(answer.body()));
                }
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            } catch (Exception e) {
                // keep polling until the deadline
            }
        }
        return Optional.empty();
    }

    private static Correctness.Seen seen(JsonNode b) {
        List<String> seats = new ArrayList<>();
        b.path("seats").forEach(s -> seats.add(s.asText()));
        return new Correctness.Seen(b.path("id").asText(), b.path("status").asText(), b.path("section").asText(),
                b.path("subsection").asInt(), seats);
    }

    private Answer post(String path, String token, String body) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), token);
    }

    private Answer send(HttpRequest.Builder builder, String token) throws Exception {
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(builder.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        return new Answer(response.statusCode(), body);
    }
}
