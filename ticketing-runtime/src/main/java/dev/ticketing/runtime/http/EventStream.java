package dev.ticketing.runtime.http;

/**
 * Server-Sent Events to one client. Each write is flushed; a client that left makes a write throw
 * {@link java.io.UncheckedIOException}, which ends the handler.
 */
public interface EventStream extends AutoCloseable {

    void event(String name, String id, String data);

    /** A comment line: keeps proxies from closing an idle stream and shows a client that left. */
    void comment(String text);

    @Override
    void close();
}
