package dev.ticketing.runtime.seating;

import java.net.URI;
import java.time.Duration;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;

import dev.ticketing.runtime.config.RuntimeConfig;

/** The Redis-compatible store's connection pool. */
public final class Redis {

    private Redis() {
    }

    public static JedisPool pool(RuntimeConfig config, int maxConnections) {
        URI uri = URI.create(config.redisUrl());
        var client = DefaultJedisClientConfig.builder()
                .ssl("rediss".equals(uri.getScheme()))
                .connectionTimeoutMillis(2_000)
                .socketTimeoutMillis(10_000)
                .clientName("ticketing-runtime")
                .autoNegotiateProtocol(false);
        // redis://[user:password@]host:port[/db] — REDIS_PASSWORD (from a Secret) wins over a password in the URL.
        String userInfo = uri.getUserInfo();
        if (userInfo != null && userInfo.contains(":")) {
            String user = userInfo.substring(0, userInfo.indexOf(':'));
            if (!user.isEmpty()) {
                client.user(user);
            }
            client.password(userInfo.substring(userInfo.indexOf(':') + 1));
        }
        config.redisPassword().ifPresent(client::password);
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            try {
                client.database(Integer.parseInt(path.substring(1)));
            } catch (NumberFormatException e) {
                throw new dev.ticketing.runtime.config.InvalidConfigException(
                        "REDIS_URL database (the path) must be a number, got '" + path.substring(1) + "'");
            }
        }
        JedisPoolConfig pool = new JedisPoolConfig();
        pool.setMaxTotal(maxConnections);
        pool.setMaxIdle(maxConnections);
        pool.setMinIdle(1);
        pool.setMaxWait(Duration.ofSeconds(5));
        pool.setTestWhileIdle(true);
        int port = uri.getPort() < 0 ? 6379 : uri.getPort();
        return new JedisPool(pool, new HostAndPort(uri.getHost(), port), client.build());
    }

    public static boolean reachable(JedisPool pool) {
        try (Jedis jedis = pool.getResource()) {
            return "PONG".equals(jedis.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
