package dev.ticketing.runtime.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /health/live} (the process serves) and {@code /health/ready} (its dependencies answer). */
public final class Health {

    private final Map<String, BooleanSupplier> checks = new LinkedHashMap<>();

    public Health check(String name, BooleanSupplier check) {
        checks.put(name, check);
        return this;
    }

    public void live(ServerRequest req, ServerResponse res) {
        Responses.json(res, Status.OK_200, Map.of("status", "UP"));
    }

    public void ready(ServerRequest req, ServerResponse res) {
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
        Responses.json(res, up ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503,
                Map.of("status", up ? "UP" : "DOWN", "checks", results));
    }
}
