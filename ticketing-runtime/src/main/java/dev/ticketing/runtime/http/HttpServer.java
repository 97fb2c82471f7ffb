package dev.ticketing.runtime.http;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import com.sun.management.UnixOperatingSystemMXBean;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ticketing.runtime.observability.Metrics;

/**
 * Jetty 12 (core, no servlets) with every request handled on a virtual thread, so handlers block on Kafka, Redis
 * and PostgreSQL in plain code. Hardened against clients that would exhaust it: a cap on open connections below
 * the process's file-descriptor limit (excess ones wait in the accept queue; the listener stays up), deadlines for
 * every request's headers and body, bounded header sizes, and
 * problem+json answers for what Jetty itself rejects (malformed requests, HTTP versions it does not speak).
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    /** Connection-level limits (the runtime's come from its HTTP_* variables). */
    public record Limits(int maxConnections, Duration idleTimeout, Duration headerTimeout, Duration bodyTimeout) {

        /** Below the file-descriptor limit, with room for pools, Kafka, Redis and the JVM's own files. */
        int connectionCap() {
            long descriptors = ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                    ? unix.getMaxFileDescriptorCount() : Long.MAX_VALUE;
            return (int) Math.max(64, Math.min(maxConnections, descriptors - 1_024));
        }
    }

    private final Server server;
    private final ServerConnector connector;

    private HttpServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** Routes are registered through {@link Routes}, which times and error-maps every handler. */
    public static HttpServer start(int port, Limits limits, Metrics metrics, Tracer tracer, Consumer<Routes> routes) {
        Router router = new Router();
        routes.accept(new Routes(router, metrics));
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("http");
        threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("http-", 0).factory()));
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setRequestHeaderSize(8_192);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.setAcceptQueueSize(8_192);
        connector.addBean(new HeaderDeadline(limits.headerTimeout()));
        server.addConnector(connector);
        NetworkConnectionLimit cap = new NetworkConnectionLimit(limits.connectionCap(), server);
        // At the cap, idle connections (kept-alive, or clients that stopped sending) give way within a second.
        cap.setEndPointIdleTimeout(1_000);
        server.addBean(cap);
        server.setErrorHandler(new ProblemErrorHandler());
        server.setHandler(new Dispatcher(router, metrics, tracer, limits));
        server.setStopTimeout(5_000);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen on port " + port + ": " + e.getMessage(), e);
        }
        if (cap.getMaxNetworkConnectionCount() < limits.maxConnections()) {
            LOG.warn("connection cap lowered to stay below the file-descriptor limit maxConnections={} wanted={}",
                    cap.getMaxNetworkConnectionCount(), limits.maxConnections());
        }
        LOG.debug("http listening port={} maxConnections={}", connector.getLocalPort(), cap.getMaxNetworkConnectionCount());
        return new HttpServer(server, connector);
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Whether the listener still accepts connections (Main exits when it does not, so the pod is restarted). */
    public boolean accepting() {
        return connector.isOpen() && connector.isRunning();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("http server did not stop cleanly error={}", e.toString());
        }
    }

    static boolean storeUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientException || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof redis.clients.jedis.exceptions.JedisConnectionException) {
                return true;
            }
        }
        return false;
    }

    /** Registers handlers with a route name for metrics. */
    public static final class Routes {
        private final Router router;
        private final Metrics metrics;

        Routes(Router router, Metrics metrics) {
            this.router = router;
            this.metrics = metrics;
        }

        public Routes get(String path, Route route) {
            router.add("GET", path, route);
            return this;
        }

        public Routes post(String path, Route route) {
            router.add("POST", path, route);
            return this;
        }

        public Routes metricsEndpoint() {
            router.add("GET", "/metrics", (req, res) -> res.send(200, "text/plain; version=0.0.4; charset=utf-8",
                    metrics.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return this;
        }
    }

    /** Finds the route, runs it on this (virtual) thread, maps what it throws to a problem, times and traces it. */
    private static final class Dispatcher extends Handler.Abstract {
        private final Router router;
        private final Metrics metrics;
        private final Tracer tracer;
        private final Limits limits;

        Dispatcher(Router router, Metrics metrics, Tracer tracer, Limits limits) {
            super(InvocationType.BLOCKING);
            this.router = router;
            this.metrics = metrics;
            this.tracer = tracer;
            this.limits = limits;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            long start = System.nanoTime();
            String method = request.getMethod();
            String path = request.getHttpURI().getPath();
            Optional<Router.Match> match = router.find(method, path);
            String route = match.map(Router.Match::template).orElse("unmatched");
            Exchange exchange = new Exchange(request, response, match.map(Router.Match::parameters).orElse(java.util.Map.of()),
                    limits.bodyTimeout());
            Span span = tracer.spanBuilder(method + " " + route).setSpanKind(SpanKind.SERVER)
                    .setAttribute("http.request.method", method).setAttribute("http.route", route).startSpan();
            try (Scope ignored = span.makeCurrent()) {
                if (match.isEmpty()) {
                    throw ApiException.notFound(null, "no resource at " + method + " " + path);
                }
                match.get().route().handle(exchange, exchange);
            } catch (Throwable e) {
                answerFailure(exchange, method, path, e);
            } finally {
                int status = exchange.status();
                span.setAttribute("http.response.status_code", status);
                span.end();
                metrics.recordRequest(route, "HEAD".equals(method) ? "GET" : method, status, System.nanoTime() - start);
            }
            exchange.complete(callback);
            return true;
        }

        private static void answerFailure(Exchange exchange, String method, String path, Throwable e) {
            if (exchange.committed()) {
                return; // a stream that broke mid-way: the client left, or will see the stream end
            }
            if (e instanceof ApiException problem) {
                Problems.send(path, exchange, problem);
            } else if (storeUnavailable(e)) {
                // Overload or an outage, not a bug: the buyer may retry, and a stack trace per request helps nobody.
                LOG.warn("store unavailable path={} error={}", path, e.toString());
                Problems.send(path, exchange, ApiException.unavailable("store_unavailable",
                        "a data store did not answer in time; retry shortly"));
            } else {
                // A bug: logged once with the id the client gets, so a report can be matched to its stack trace.
                String id = java.util.UUID.randomUUID().toString();
                LOG.error("internal error correlationId={} method={} path={}", id, method, path, e);
                Problems.send(path, exchange, new ApiException(500, "internal_error", "the request could not be completed "
                        + "because of an error on our side (correlation id " + id + ")", null).with("correlationId", id));
            }
        }
    }
}
