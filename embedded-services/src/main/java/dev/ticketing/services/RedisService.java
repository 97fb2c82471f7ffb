package dev.ticketing.services;

import java.io.IOException;
import java.io.UncheckedIOException;

import redis.embedded.RedisServer;

/** A real redis-server process (the binary ships inside the embedded-redis artifact). */
public final class RedisService implements AutoCloseable {

    private final RedisServer server;
    private final int port;

    private RedisService(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static RedisService start() {
        int port = Ports.free();
        try {
            RedisServer server = RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(port)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .onShutdownForceStop(true)
                    .build();
            server.start();
            return new RedisService(server, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded redis-server", e);
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
