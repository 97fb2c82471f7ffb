package dev.ticketing.runtime.http;

import java.io.InputStream;
import java.util.Optional;

/** An HTTP request as the API's handlers read it; the server underneath is the HttpServer's business. */
public interface ApiRequest {

    String method();

    /** The raw (undecoded) path, as the client sent it. */
    String path();

    /** A decoded path parameter of the route's template, e.g. {@code sale} in {@code /api/v1/sales/{sale}}. */
    String pathParam(String name);

    Optional<String> header(String name);

    /** The first value of a decoded query parameter, e.g. {@code until} in {@code ?until=decided}. */
    Optional<String> queryParam(String name);

    /** The address of the connection's peer: the client, or the last proxy in front of us. */
    String remoteAddress();

    /** The body, read on the handler's (virtual) thread; reading is bounded in time by the server. */
    InputStream body();
}
