package dev.ticketing.runtime.http;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.ticketing.runtime.Json;

/** Writes RFC 9457 {@code application/problem+json} answers. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://ticketing.dev/problems/";

    private Problems() {
    }

    public static void send(ApiRequest req, ApiResponse res, ApiException problem) {
        send(req.path(), res, problem);
    }

    public static void send(String instance, ApiResponse res, ApiException problem) {
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
        problem.retryAfter().ifPresent(wait -> {
            // Whole seconds, rounded up: a client that waits as told is not refused again for being early.
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1_000);
            res.header("Retry-After", Long.toString(seconds));
            body.put("retryAfterSeconds", seconds);
        });
        body.put("instance", instance);
        if (problem.status() == 401) {
            res.header("WWW-Authenticate", "Bearer");
        }
        res.send(problem.status(), MEDIA_TYPE, Json.write(body));
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 408 -> "Request Timeout";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 505 -> "HTTP Version Not Supported";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Request Error";
        };
    }
}
