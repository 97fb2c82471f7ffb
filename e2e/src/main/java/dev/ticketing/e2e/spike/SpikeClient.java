package dev.ticketing.e2e.spike;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The runtime's public API as a buyer uses it; nothing here retries behind the caller's back. */
public final class SpikeClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> DECIDED = Set.of("pending_payment", "failed", "completed", "cancelled");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PREPARATION_PATIENCE = Duration.ofMinutes(10);

    private final String basePath;
    private final LeanHttp http;

    public SpikeClient(URI base) {
        this.http = new LeanHttp(base);
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    public record Answer(int status, JsonNode body) {
    }

    public JsonNode sale(String sale) throws Exception {
        return send("GET", "/api/v1/sales/" + sale, null, null).body();
    }

    /** The server's sale report; it needs the sale's report token (the runtime's REPORT_ACCESS=public aside). */
    public JsonNode report(String sale, String reportToken) throws Exception {
        Answer answer = send("GET", "/api/v1/sales/" + sale + "/report", reportToken, null);
        if (answer.status() != 200) {
            throw new IllegalStateException("the sale report answered " + answer.status() + ": "
                    + answer.body().path("detail").asText(answer.body().toString())
                    + (answer.status() == 401 ? " (give the spike tool --report-token or REPORT_TOKEN)" : ""));
        }
        return answer.body();
    }

    /** Registers (a 409 means the buyer exists from an earlier run) and logs in; returns the token. */
    public String buyer(String email, String password) throws Exception {
        String credentials = JSON.writeValueAsString(java.util.Map.of("email", email, "password", password, "name", "Spike buyer"));
        Answer registered = sendPatiently("POST", "/api/v1/auth/register", credentials);
        if (registered.status() != 201 && registered.status() != 409) {
            throw new IllegalStateException("register " + email + " answered " + registered.status() + ": " + registered.body());
        }
        Answer login = sendPatiently("POST", "/api/v1/auth/login",
                JSON.writeValueAsString(java.util.Map.of("email", email, "password", password)));
        if (login.status() != 200) {
            throw new IllegalStateException("login " + email + " answered " + login.status() + ": " + login.body());
        }
        return login.body().get("token").asText();
    }

    /**
     * Preparing buyers from one machine meets a deployment's per-address login limits: wait as each 429 (or a busy
     * 503) says, for at most {@link #PREPARATION_PATIENCE} in all.
     */
    private Answer sendPatiently(String method, String path, String json) throws Exception {
        long deadline = System.nanoTime() + PREPARATION_PATIENCE.toNanos();
        while (true) {
            Answer answer = send(method, path, null, json);
            int wait = answer.body().path("retryAfterSeconds").asInt(0);
            if ((answer.status() != 429 && answer.status() != 503) || wait == 0
                    || System.nanoTime() + wait * 1_000_000_000L > deadline) {
                return answer;
            }
            Thread.sleep(wait * 1_000L);
        }
    }

    public Answer book(String sale, String token, String body) throws Exception {
        return send("POST", "/api/v1/sales/" + sale + "/bookings", token, body);
    }

    /**
     * A booking whose buyer prefers to wait up to {@code waitSeconds} for the decision (RFC 7240): 200 with the decided
     * booking when it came in time, else the plain 202 to follow.
     */
    public Answer bookWaiting(String sale, String token, String body, int waitSeconds) throws Exception {
        LeanHttp.Response response = http.send("POST", basePath + "/api/v1/sales/" + sale + "/bookings", token, body,
                "wait=" + waitSeconds, REQUEST_TIMEOUT);
        return new Answer(response.status(), response.body().length == 0 ? JSON.nullNode() : JSON.readTree(response.body()));
    }

    /** What a 200 to a waiting booking says: the decided booking as its buyer sees it. */
    public static Optional<Decision> decidedIn(Answer answer, long answeredAtNanos) {
        if (answer.status() != 200 || !DECIDED.contains(answer.body().path("status").asText())) {
            return Optional.empty();
        }
        return Optional.of(new Decision(seen(answer.body()), answeredAtNanos));
    }

    /** A buyer's decision and the moment ({@link System#nanoTime()}) the buyer had it. */
    public record Decision(Correctness.Seen seen, long atNanos) {
    }

    /**
     * Follows a booking until it is decided: the SSE stream first; if it breaks, polling. Empty when
     * no decision came before the deadline.
     */
    public Optional<Decision> followUntilDecided(String bookingId, String token, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Decision[] decided = new Decision[1];
        try {
            // The server ends the stream at the decision, instead of noticing 2-4 s later that the buyer left. Reading on
            // to that end (the event's closing blank line, then the body's last chunk) keeps the connection for the
            // buyer's next request, as any HTTP client does with a complete response; a server that streams on past the
            // decision (a runtime without ?until) shows a further line, and then the connection is dropped instead.
            http.stream(basePath + "/api/v1/bookings/" + bookingId + "/events?until=decided", token, timeout, line -> {
                if (decided[0] != null) {
                    return line.isEmpty();
                }
                if (!line.startsWith("data:")) {
                    return true;
                }
                try {
                    Correctness.Seen seen = seen(JSON.readTree(line.substring(5).strip()));
                    if (DECIDED.contains(seen.status())) {
                        decided[0] = new Decision(seen, System.nanoTime());
                    }
                    return true;
                } catch (java.io.IOException e) {
                    return false;
                }
            });
        } catch (Exception e) {
            // fall back to polling below, unless the decision came before the stream broke
        }
        if (decided[0] != null) {
            return Optional.of(decided[0]);
        }
        while (System.nanoTime() < deadline) {
            try {
                Answer answer = send("GET", "/api/v1/bookings/" + bookingId, token, null);
                if (answer.status() == 200 && DECIDED.contains(answer.body().path("status").asText())) {
                    return Optional.of(new Decision(seen(answer.body()), System.nanoTime()));
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

    private Answer send(String method, String path, String token, String json) throws Exception {
        LeanHttp.Response response = http.send(method, basePath + path, token, json, REQUEST_TIMEOUT);
        JsonNode body = response.body().length == 0 ? JSON.nullNode() : JSON.readTree(response.body());
        return new Answer(response.status(), body);
    }

    @Override
    public void close() {
        http.close();
    }
}
