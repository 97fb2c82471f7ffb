package dev.ticketing.runtime.http;

import java.time.Duration;
import java.util.function.Consumer;

import io.helidon.http.HeaderNames;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ticketing.runtime.observability.Metrics;

/**
 * Helidon SE WebServer: one virtual thread per request, so handlers block on Kafka, Redis and
 * PostgreSQL in plain code and thousands of idle connections cost little.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    private static final long HARD_BODY_LIMIT = 64L * 1024 * 1024;

    static {
        // Helidon logs through java.util.logging; keep its start-up chatter off the console, like the other libraries.
        java.util.logging.Logger.getLogger("io.helidon").setLevel(java.util.logging.Level.WARNING);
    }

    private final WebServer server;

    private HttpServer(WebServer server) {
        this.server = server;
    }

    private static boolean storeUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientException || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof redis.clients.jedis.exceptions.JedisConnectionException) {
                return true;
            }
        }
        return false;
    }

    /** Routes are registered through {@link Routes}, which times and error-maps every handler. */
    public static HttpServer start(int port, Metrics metrics, Tracer tracer, Consumer<Routes> routes) {
        HttpRouting.Builder routing = HttpRouting.builder();
        routes.accept(new Routes(routing, metrics, tracer));
        routing.error(ApiException.class, Problems::send);
        routing.error(Throwable.class, (req, res, e) -> {
            if (storeUnavailable(e)) {
                // Overload or an outage, not a bug: the buyer may retry, and a stack trace per request helps nobody.
                LOG.warn("store unavailable path={} error={}", req.path().rawPath(), e.toString());
                Problems.send(req, res, ApiException.unavailable("store_unavailable",
                        "a data store did not answer in time; retry shortly"));
                return;
            }
            // A bug: logged once with the id the client gets, so a report can be matched to its stack trace.
            String id = java.util.UUID.randomUUID().toString();
            LOG.error("internal error correlationId={} method={} path={}", id, req.prologue().method().text(),
                    req.path().rawPath(), e);
            Problems.send(req, res, new ApiException(500, "internal_error", "the request could not be completed because of "
                    + "an error on our side (correlation id " + id + ")", null).with("correlationId", id));
        });
        routing.any((req, res) -> {
            throw ApiException.notFound(null, "no resource at " + req.prologue().method().text() + " "
                    + req.path().rawPath());
        });
        WebServer server = WebServer.builder()
                .port(port)
                .backlog(8_192)
                // Our own limit (JsonBodies) answers oversized bodies with a problem; Helidon's, far above it,
                // only stops absurd uploads before a handler runs (with a bare 413).
                .maxPayloadSize(HARD_BODY_LIMIT)
                .idleConnectionTimeout(Duration.ofMinutes(2))
                .shutdownGracePeriod(Duration.ofSeconds(5))
                .shutdownHook(false)
                .routing(routing)
                .build()
                .start();
        return new HttpServer(server);
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }

    /** Registers handlers with a route name for metrics. */
    public static final class Routes {
        private final HttpRouting.Builder routing;
        private final Metrics metrics;
        private final Tracer tracer;

        Routes(HttpRouting.Builder routing, Metrics metrics, Tracer tracer) {
            this.routing = routing;
            this.metrics = metrics;
            this.tracer = tracer;
        }

        public Routes get(String path, Handler handler) {
            routing.route(Method.GET, path, timed(path, "GET", handler));
            return this;
        }

        public Routes post(String path, Handler handler) {
            routing.route(Method.POST, path, timed(path, "POST", handler));
            return this;
        }

        public Routes metricsEndpoint() {
            routing.get("/metrics", (req, res) -> {
                res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                res.status(Status.OK_200).send(metrics.scrape());
            });
            return this;
        }

        private Handler timed(String route, String method, Handler handler) {
            return (req, res) -> {
                long start = System.nanoTime();
                int status = 500;
                Span span = tracer.spanBuilder(method + " " + route).setSpanKind(SpanKind.SERVER)
                        .setAttribute("http.request.method", method).setAttribute("http.route", route).startSpan();
                try (Scope ignored = span.makeCurrent()) {
                    handler.handle(req, res);
                    status = res.status().code();
                } catch (RuntimeException e) {
                    // The status the error handler will send, so the metrics count what clients got.
                    status = e instanceof ApiException api ? api.status() : storeUnavailable(e) ? 503 : 500;
                    throw e;
                } finally {
                    span.setAttribute("http.response.status_code", status);
                    span.end();
                    metrics.recordRequest(route, method, status, System.nanoTime() - start);
                }
            };
        }
    }
}
