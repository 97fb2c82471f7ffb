package dev.ticketing.runtime.http;

import java.util.LinkedHashMap;
import java.util.Map;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import dev.ticketing.runtime.Json;

/** Writes RFC 9457 {@code application/problem+json} answers. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://ticketing.dev/problems/";

    private Problems() {
    }

    public static void send(ServerRequest req, ServerResponse res, ApiException problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + problem.code().replace('_', '-'));
        body.put("title", title(problem.status()));
        body.put("status", problem.status());
        body.put("code", problem.code());
        body.put("detail", problem.getMessage());
        if (problem.field() != null) {
            body.put("field", problem.field());
        }
        body.putAll(problem.members());
        body.put("instance", req.path().rawPath());
        res.status(Status.create(problem.status()));
        res.header(HeaderNames.CONTENT_TYPE, MEDIA_TYPE);
        if (problem.status() == 401) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        res.send(Json.write(body));
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Request Error";
        };
    }
}
