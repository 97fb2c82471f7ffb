package dev.ticketing.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.OpenTelemetry;

import dev.ticketing.runtime.Json;
import dev.ticketing.runtime.observability.Metrics;

/**
 * Clients that would stop the service if it let them: too many connections, headers or bodies trickled a byte at a
 * time, requests Jetty cannot parse. Each gets a bounded wait and a problem+json answer (or, over the connection
 * cap, a wait in the accept queue), and the server keeps serving everyone else. Raw sockets, because a
 * well-behaved HTTP client cannot misbehave on purpose.
 */
class HostileClientsTest {

    private static final int CAP = 64;
    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(1);

    private static HttpServer server;

    @BeforeAll
    static void start() {
        JsonBodies bodies = new JsonBodies(1_024);
        server = HttpServer.start(0, new HttpServer.Limits(CAP, Duration.ofSeconds(60), HEADER_TIMEOUT, BODY_TIMEOUT),
                new Metrics("test"), OpenTelemetry.noop().getTracer("test"), routes -> routes
                        .get("/hello", (req, res) -> Responses.json(res, 200, Map.of("hello", "world")))
                        .post("/echo", (req, res) -> Responses.json(res, 200, bodies.object(req))));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void past_the_connection_cap_a_newcomer_waits_for_an_idle_connection_to_give_way_and_is_served() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < CAP; i++) {
                Socket socket = connect();
                send(socket, "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n");
                assertThat(read(socket).status()).isEqualTo(200);
                idle.add(socket); // kept alive, doing nothing
            }
            try (Socket newcomer = connect()) {
                send(newcomer, "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n");
                assertThat(read(newcomer).status()).as("served once the cap cleared").isEqualTo(200);
            }
            for (Socket socket : idle) {
                socket.setSoTimeout(5_000);
            }
            assertThat(idle.stream().anyMatch(HostileClientsTest::closedByServer)).as("idle connections were closed to make room")
                    .isTrue();
            assertThat(server.accepting()).isTrue();
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
    }

    @Test
    void headers_trickled_a_byte_at_a_time_get_a_408_problem_and_the_connection_is_closed() throws Exception {
        try (Socket socket = connect()) {
            Thread trickle = trickle(socket, "GET /hello HTTP/1.1\r\nHost: t\r\nX-Slow: ", 'a');
            Answer answer = read(socket);
            trickle.interrupt();

            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.problem().path("code").asText()).isEqualTo("request_timeout");
            assertThat(answer.headers()).containsEntry("connection", "close");
            assertThat(closedByServer(socket)).isTrue();
        }
    }

    @Test
    void a_kept_alive_connections_next_request_trickled_a_byte_at_a_time_gets_a_408_too() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n");
            assertThat(read(socket).status()).isEqualTo(200);
            Thread trickle = trickle(socket, "GET /hello HTTP/1.1\r\nX-Slow: ", 'a');
            Answer answer = read(socket);
            trickle.interrupt();

            assertThat(answer.status()).isEqualTo(408);
            assertThat(closedByServer(socket)).isTrue();
        }
    }

    @Test
    void a_body_that_stops_arriving_gets_a_408_problem_naming_the_body() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{\"a\":");

            Answer answer = read(socket);

            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.problem().path("code").asText()).isEqualTo("request_timeout");
            assertThat(answer.problem().path("field").asText()).isEqualTo("body");
        }
    }

    @Test
    void a_body_trickled_a_byte_at_a_time_gets_a_408_problem() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n");
            Thread trickle = trickle(socket, "", ' ');
            Answer answer = read(socket);
            trickle.interrupt();

            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.problem().path("field").asText()).isEqualTo("body");
        }
    }

    @Test
    void a_malformed_request_gets_a_400_problem() throws Exception {
        Answer answer = answerTo("GET /hello HTTP/1.1\r\nHost: t\r\nno colon in this header\r\n\r\n");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.headers()).containsEntry("content-type", "application/problem+json");
        assertThat(answer.problem().path("code").asText()).isEqualTo("malformed_request");
        assertThat(answer.problem().path("field").asText()).isEqualTo("request");
    }

    @Test
    void an_ambiguous_or_badly_encoded_path_gets_a_400_problem_naming_the_path() throws Exception {
        for (String path : new String[] {"/hello%2Fx", "/hello%C0", "/hello/%2E%2E", "/hello%00", "/hello%"}) {
            Answer answer = answerTo("GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n");

            assertThat(answer.status()).as(path).isEqualTo(400);
            assertThat(answer.headers()).as("Jetty closes the connection after it: the answer must say so")
                    .containsEntry("connection", "close");
            // A NUL or a broken escape fails while the request line is parsed: then the request is what is named.
            assertThat(answer.problem().path("field").asText()).as(path).isIn("path", "request");
            if (!path.endsWith("%00") && !path.endsWith("%")) {
                assertThat(answer.problem().path("field").asText()).as(path).isEqualTo("path");
            }
        }
    }

    @Test
    void an_http_version_it_does_not_speak_gets_a_505_problem() throws Exception {
        Answer answer = answerTo("GET /hello HTTP/7.1\r\nHost: t\r\n\r\n");

        assertThat(answer.status()).isEqualTo(505);
        assertThat(answer.headers()).containsEntry("content-type", "application/problem+json");
        assertThat(answer.problem().path("code").asText()).isEqualTo("http_version_not_supported");
    }

    @Test
    void headers_over_eight_kibibytes_get_a_431_problem() throws Exception {
        Answer answer = answerTo("GET /hello HTTP/1.1\r\nHost: t\r\nX-Big: " + "a".repeat(9_000) + "\r\n\r\n");

        assertThat(answer.status()).isEqualTo(431);
        assertThat(answer.problem().path("code").asText()).isEqualTo("headers_too_large");
    }

    @Test
    void connection_close_is_honoured_and_http_1_0_is_served() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            Answer answer = read(socket);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.headers()).containsEntry("connection", "close");
            assertThat(closedByServer(socket)).isTrue();
        }
        try (Socket socket = connect()) {
            send(socket, "GET /hello HTTP/1.0\r\n\r\n");
            Answer answer = read(socket);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).contains("world");
            assertThat(closedByServer(socket)).as("HTTP/1.0 without keep-alive").isTrue();
        }
    }

    @Test
    void an_answer_given_before_the_body_arrived_says_the_connection_closes() throws Exception {
        try (Socket socket = connect()) {
            // Answered from the headers alone (no such route); the body is still on its way.
            send(socket, "POST /hello HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n");
            Answer answer = read(socket);
            assertThat(answer.status()).isBetween(400, 499);
            assertThat(answer.headers()).as("a client must not send its next request on this connection")
                    .containsEntry("connection", "close");
        }
        try (Socket socket = connect()) {
            send(socket, "POST /hello HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
            Answer answer = read(socket);
            assertThat(answer.headers()).as("a body that is there is read past and the connection kept")
                    .doesNotContainKey("connection");
            send(socket, "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n");
            assertThat(read(socket).status()).isEqualTo(200);
        }
    }

    @Test
    void head_answers_the_headers_of_get_without_its_body() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\n");
            Answer head = read(socket, false);
            send(socket, "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n");
            Answer get = read(socket);

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.headers().get("content-length")).isEqualTo(String.valueOf(get.body().length()));
            assertThat(get.body()).as("no HEAD body was left on the connection before it").startsWith("{");
        }
    }

    private record Answer(int status, Map<String, String> headers, String body) {
        JsonNode problem() throws IOException {
            assertThat(headers).containsEntry("content-type", "application/problem+json");
            return Json.tree(body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(30_000); // a bound for a broken test, far above every deadline the server enforces
        return socket;
    }

    /**
     * Writes {@code text} and then {@code filler} for ever, a byte every 100 ms (always under the idle timeout: only a
     * deadline stops it), until the server closes the connection or the thread is interrupted.
     */
    private static Thread trickle(Socket socket, String text, char filler) {
        return Thread.ofVirtual().start(() -> {
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            try {
                OutputStream out = socket.getOutputStream();
                for (int i = 0; ; i++) {
                    out.write(i < bytes.length ? bytes[i] : filler);
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException stopped) {
                // answered, or closed
            }
        });
    }

    /** One request on a connection of its own, and its answer. */
    private static Answer answerTo(String request) throws IOException {
        try (Socket socket = connect()) {
            send(socket, request);
            return read(socket);
        }
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    private static Answer read(Socket socket) throws IOException {
        return read(socket, true);
    }

    private static Answer read(Socket socket, boolean withBody) throws IOException {
        InputStream in = socket.getInputStream();
        String status = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
        }
        String body = "";
        if (withBody && headers.containsKey("content-length")) {
            body = new String(in.readNBytes(Integer.parseInt(headers.get("content-length"))), StandardCharsets.UTF_8);
        }
        return new Answer(Integer.parseInt(status.split(" ")[1]), headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed after: " + line.toString(StandardCharsets.ISO_8859_1));
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static boolean closedByServer(Socket socket) {
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketException reset) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
