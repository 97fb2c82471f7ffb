package dev.ticketing.runtime.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Reads and validates environment variables; every failure names the variable and what it expected. */
public final class Env {

    private final Map<String, String> vars;

    public Env(Map<String, String> vars) {
        this.vars = vars;
    }

    public Optional<String> optional(String name) {
        return Optional.ofNullable(vars.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    public String string(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    public String required(String name) {
        return optional(name).orElseThrow(() -> new InvalidConfigException(name + " is required"));
    }

    public String oneOf(String name, String fallback, String... allowed) {
        String value = string(name, fallback);
        if (!java.util.Arrays.asList(allowed).contains(value)) {
            throw new InvalidConfigException(name + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
        }
        return value;
    }

    public int integer(String name, int fallback, int min, int max) {
        return optional(name).map(v -> {
            try {
                int value = Integer.parseInt(v);
                if (value < min || value > max) {
                    throw new InvalidConfigException(name + " must be between " + min + " and " + max + ", got " + v);
                }
                return value;
            } catch (NumberFormatException e) {
                throw new InvalidConfigException(name + " must be an integer, got '" + v + "'");
            }
        }).orElse(fallback);
    }

    public Duration millis(String name, long fallbackMillis, long min, long max) {
        return Duration.ofMillis(integer(name, (int) fallbackMillis, (int) min, (int) max));
    }

    /** An RFC 3339 timestamp such as 2026-12-01T20:00:00Z (an offset is required). */
    public Optional<java.time.Instant> instant(String name) {
        return optional(name).map(v -> {
            try {
                return java.time.OffsetDateTime.parse(v).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                throw new InvalidConfigException(name + " must be an RFC 3339 time such as 2026-12-01T20:00:00Z, got '" + v + "'");
            }
        });
    }

    public String uri(String name, String fallback, String... schemes) {
        String value = string(name, fallback);
        try {
            URI uri = new URI(value);
            for (String scheme : schemes) {
                if (scheme.equals(uri.getScheme())) {
                    return value;
                }
            }
        } catch (Exception e) {
            // reported below with the expected shape
        }
        throw new InvalidConfigException(name + " must be a URL with scheme " + String.join(" or ", schemes) + ", got '" + value + "'");
    }

    /** Variables under a prefix, as lower-case dotted client properties: KAFKA_CLIENT_SASL_MECHANISM → sasl.mechanism. */
    public Map<String, String> withPrefix(String prefix) {
        var result = new java.util.TreeMap<String, String>();
        vars.forEach((k, v) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                result.put(k.substring(prefix.length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.'), v);
            }
        });
        return result;
    }
}
