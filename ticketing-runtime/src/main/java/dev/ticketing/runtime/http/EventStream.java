package dev.ticketing.runtime.http;

/**
 * Server-Sent Events to one client. Each write is flushed; a client that left makes a write throw
 * {@link java.io.UncheckedIOException}, which ends the handler.
 */
public interface EventStream extends AutoCloseable {

    void event(String name, String id, String data);

    /**
     * The stream's last event: written with the end of the stream in one write (one packet, one wake-up for the client)
     * rather than an event and then the end; nothing may be written after it, and {@link #close()} is then a no-op.
     */
    void lastEvent(String name, String id, String data);

    /** A comment line: keeps proxies from closing an idle stream and shows a client that left. */
    void comment(String text);

    @Override
    void close();
}
