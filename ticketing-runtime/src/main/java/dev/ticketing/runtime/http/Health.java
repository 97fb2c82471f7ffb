package dev.ticketing.runtime.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** {@code /health/live} (the process serves) and {@code /health/ready} (its dependencies answer). */
public final class Health {

    private final Map<String, BooleanSupplier> checks = new LinkedHashMap<>();

    public Health check(String name, BooleanSupplier check) {
        checks.put(name, check);
        return this;
    }

    public void live(ApiRequest req, ApiResponse res) {
        Responses.json(res, 200, Map.of("status", "UP"));
    }

    public void ready(ApiRequest req, ApiResponse res) {
        Map<String, String> results = new LinkedHashMap<>();
        boolean up = true;
        for (var check : checks.entrySet()) {
            boolean ok;
            try {
                ok = check.getValue().getAsBoolean();
            } catch (RuntimeException e) {
                ok = false;
            }
            results.put(check.getKey(), ok ? "UP" : "DOWN");
            up &= ok;
        }
        Responses.json(res, up ? 200 : 503,
                Map.of("status", up ? "UP" : "DOWN", "checks", results));
    }
}
