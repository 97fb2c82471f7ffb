package dev.ticketing.runtime.http;

/** The answer to an {@link ApiRequest}: one complete body, or an event stream. */
public interface ApiResponse {

    void header(String name, String value);

    void send(int status, String contentType, byte[] body);

    /** Starts a {@code text/event-stream} answer (status 200); the stream ends when it is closed. */
    EventStream eventStream();

    /** The status sent, or 0 before anything was. */
    int status();
}
