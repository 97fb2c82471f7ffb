package dev.ticketing.runtime.http;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import dev.ticketing.runtime.Json;

/**
 * What Jetty answers by itself — a request it cannot parse (400), headers too large (431), an HTTP version it does not
 * speak (505), a body that stopped arriving (408) — as RFC 9457 problems like every other error of the API.
 */
final class ProblemErrorHandler extends ErrorHandler {

    /** A request Jetty could not parse at all: the request itself is the offending input. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Problems.MEDIA_TYPE);
        fields.put(HttpHeader.CONNECTION, "close");
        return ByteBuffer.wrap(body(status, reason, status == 400 ? offendingPart(null, reason) : null));
    }

    /**
     * A request Jetty parsed but refused before any route saw it: for a 400, its target (an ambiguous or badly encoded
     * path, e.g. {@code %2F}, {@code %00}, bad UTF-8) or its Host header.
     */
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = request.getAttribute(ERROR_STATUS) instanceof Integer code ? code : 500;
        Object message = request.getAttribute(ERROR_MESSAGE);
        String reason = message == null ? null : message.toString();
        String field = status == 400 ? offendingPart(request, reason) : null;
        if (field != null && (reason == null || reason.equals("Bad Request"))) {
            reason = "the request's " + field + " is not acceptable";
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.MEDIA_TYPE);
        // Jetty ends the connection after a request it refused, but would say nothing: a client sending its next request
        // on it would meet a dead socket (an ApiFuzzTest flake on a fresh clone).
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        Content.Sink.write(response, true, new String(body(status, reason, field), java.nio.charset.StandardCharsets.UTF_8),
                callback);
        return true;
    }

    /**
     * The target when its URI broke a rule (an ambiguous or badly encoded path), the Host header, else the request as
     * a whole; {@code request} is null when Jetty could not make one.
     */
    private static String offendingPart(Request request, String reason) {
        String text = reason == null ? "" : reason.toLowerCase(java.util.Locale.ROOT);
        if (text.contains("host")) {
            return "Host";
        }
        boolean badUri = text.contains("uri") || text.contains("path") || text.contains("utf") || text.contains("encoding")
                || request != null && (request.getHttpURI() == null || request.getHttpURI().hasViolations() || !decodes(request));
        return badUri ? "path" : "request";
    }

    private static boolean decodes(Request request) {
        try {
            String path = request.getHttpURI().getDecodedPath();
            return path != null && path.indexOf('\0') < 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static byte[] body(int status, String reason, String field) {
        String code = switch (status) {
            case 400 -> "malformed_request";
            case 408 -> "request_timeout";
            case 413 -> "body_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            case 505 -> "http_version_not_supported";
            default -> status >= 500 ? "internal_error" : "request_error";
        };
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "https://ticketing.dev/problems/" + code.replace('_', '-'));
        problem.put("title", Problems.title(status));
        problem.put("status", status);
        problem.put("code", code);
        problem.put("detail", reason == null || reason.isBlank() ? "the request was not a valid HTTP request" : reason);
        if (field != null) {
            problem.put("field", field);
        }
        return Json.write(problem);
    }
}
