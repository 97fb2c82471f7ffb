package dev.ticketing.runtime.http;

import dev.ticketing.runtime.Json;

/** JSON success answers. */
public final class Responses {

    private Responses() {
    }

    public static void json(ApiResponse res, int status, Object body) {
        res.send(status, "application/json", Json.write(body));
    }
}
