package dev.ticketing.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import redis.clients.jedis.exceptions.JedisConnectionException;

import dev.ticketing.runtime.observability.Metrics;

/** Failures a handler did not map itself: a store that does not answer is a 503 to retry, anything else a 500. */
class HttpServerErrorsTest {

    private static HttpServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = HttpServer.start(0, new HttpServer.Limits(100, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(5)),
                new Metrics("test"), OpenTelemetry.noop().getTracer("test"), routes -> routes
                .get("/pool-exhausted", (req, res) -> {
                    throw new IllegalStateException("cannot read booking",
                            new SQLTransientConnectionException("Connection is not available, request timed out"));
                })
                .get("/redis-down", (req, res) -> {
                    throw new JedisConnectionException("connection refused");
                })
                .get("/bug", (req, res) -> {
                    throw new IllegalArgumentException("a bug");
                }));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void an_unavailable_store_is_a_503_problem_to_retry() throws Exception {
        for (String path : new String[] {"/pool-exhausted", "/redis-down"}) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(503);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.body()).contains("store_unavailable").doesNotContain("Exception");
        }
    }

    @Test
    void anything_else_is_a_500_problem_without_a_stack_trace() throws Exception {
        HttpResponse<String> response = get("/bug");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("internal_error").doesNotContain("IllegalArgumentException");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
