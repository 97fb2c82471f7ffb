package dev.ticketing.runtime.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** One Jetty request and its response, as the API's handlers see them ({@link ApiRequest}, {@link ApiResponse}). */
final class Exchange implements ApiRequest, ApiResponse {

    private final Request request;
    private final Response response;
    private final Map<String, String> parameters;
    private final Duration bodyTimeout;
    private int status;
    private OutputStream stream;
    private Throwable failure;

    Exchange(Request request, Response response, Map<String, String> parameters, Duration bodyTimeout) {
        this.request = request;
        this.response = response;
        this.parameters = parameters;
        this.bodyTimeout = bodyTimeout;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String path() {
        return request.getHttpURI().getPath();
    }

    @Override
    public String pathParam(String name) {
        return parameters.get(name);
    }

    @Override
    public Optional<String> queryParam(String name) {
        if (request.getHttpURI().getQuery() == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(Request.extractQueryParameters(request).getValue(name));
        } catch (RuntimeException e) {
            throw ApiException.badRequest(name, "the query string is not valid URL encoding");
        }
    }

    @Override
    public Optional<String> header(String name) {
        // Repeated field lines mean their values joined by commas (RFC 9110, 5.3); a repeated Content-Type so
        // becomes an invalid one instead of silently the first.
        var values = request.getHeaders().getValuesList(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.size() == 1 ? values.getFirst() : String.join(", ", values));
    }

    @Override
    public String remoteAddress() {
        return Request.getRemoteAddr(request);
    }

    @Override
    public InputStream body() {
        return new BodyStream(request, bodyTimeout);
    }

    @Override
    public void header(String name, String value) {
        response.getHeaders().put(name, value);
    }

    @Override
    public void send(int code, String contentType, byte[] body) {
        status = code;
        closeUnlessBodyRead();
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        try {
            // HEAD gets the headers of the GET it stands for, without the body.
            Content.Sink.write(response, true, "HEAD".equals(request.getMethod()) ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body));
        } catch (IOException e) {
            failure = e;
        }
    }

    @Override
    public EventStream eventStream() {
        status = 200;
        closeUnlessBodyRead();
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream;charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        stream = Content.Sink.asOutputStream(response);
        OutputStream out = stream;
        return new EventStream() {
            @Override
            public void event(String name, String id, String data) {
                write(format(name, id, data));
            }

            @Override
            public void lastEvent(String name, String id, String data) {
                try {
                    Content.Sink.write(response, true, ByteBuffer.wrap(format(name, id, data).getBytes(StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    throw new ClientLeft(e);
                } finally {
                    stream = null;
                }
            }

            private static String format(String name, String id, String data) {
                return "event: " + name + "\nid: " + id + "\ndata: " + data.replace("\n", "\ndata: ") + "\n\n";
            }

            @Override
            public void comment(String text) {
                write(": " + text + "\n\n");
            }

            private void write(String text) {
                try {
                    out.write(text.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } catch (IOException e) {
                    throw new ClientLeft(e);
                }
            }

            @Override
            public void close() {
                closeStream();
            }
        };
    }

    /**
     * An answer given before the request's body arrived (a 401 decided from the headers, say) ends the connection:
     * the rest of that body would be read as the next request. Jetty would close it too, but silently, after a
     * response that promised keep-alive, and a client sending its next request on it meets a dead socket. So what has
     * arrived is read past, and if that is not all, the response says {@code Connection: close}.
     */
    private void closeUnlessBodyRead() {
        if (!request.consumeAvailable()) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
    }

    @Override
    public int status() {
        return status;
    }

    boolean committed() {
        return response.isCommitted() || stream != null;
    }

    /** Ends the exchange: an unanswered request gets an empty 500 (a handler bug), and the callback is completed. */
    void complete(Callback callback) {
        if (status == 0) {
            send(500, "application/problem+json", new byte[0]);
        }
        closeStream();
        if (failure == null) {
            callback.succeeded();
        } else {
            callback.failed(failure);
        }
    }

    private void closeStream() {
        if (stream == null) {
            return;
        }
        try {
            stream.close();
        } catch (IOException e) {
            failure = e; // the client left; nothing else to tell it
        }
        stream = null;
    }

    /** How an event stream learns its buyer left, which is how most streams end (once decided): no stack trace. */
    private static final class ClientLeft extends UncheckedIOException {
        ClientLeft(IOException cause) {
            super("the client left the event stream", cause);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
