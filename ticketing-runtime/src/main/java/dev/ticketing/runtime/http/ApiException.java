package dev.ticketing.runtime.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer other than success, rendered as an RFC 9457 problem. {@code code} is the stable,
 * machine-readable reason (e.g. {@code sold_out}); {@code field} names the offending input, if any.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;
    private final Map<String, Object> members = new LinkedHashMap<>();
    private Duration retryAfter;

    public ApiException(int status, String code, String detail, String field) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    /** An RFC 9457 extension member of the problem body, e.g. when a closed sale opens. */
    public ApiException with(String member, Object value) {
        members.put(member, value);
        return this;
    }

    /** When the client may try again: a {@code Retry-After} header, and the same in the body. */
    public ApiException retryAfter(Duration wait) {
        this.retryAfter = wait;
        return this;
    }

    public static ApiException badRequest(String field, String detail) {
        return new ApiException(400, "invalid_request", detail, field);
    }

    public static ApiException notFound(String field, String detail) {
        return new ApiException(404, "not_found", detail, field);
    }

    public static ApiException conflict(String code, String detail) {
        return new ApiException(409, code, detail, null);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "unauthorized", detail, null);
    }

    /** Overload or an outage: worth retrying, after a second. */
    public static ApiException unavailable(String code, String detail) {
        return new ApiException(503, code, detail, null).retryAfter(Duration.ofSeconds(1));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    public java.util.Optional<Duration> retryAfter() {
        return java.util.Optional.ofNullable(retryAfter);
    }

    public Map<String, Object> members() {
        return members;
    }
}
