package dev.ticketing.runtime.auth;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.ticketing.runtime.http.ApiException;

/**
 * Password hashing on a few platform threads of its own, with a bounded queue. Hashing is deliberately slow CPU
 * work; on the request's virtual thread it would occupy one of the few carriers every other request needs, so a
 * burst of logins would stall bookings and health checks. Here it waits its turn, and past the queue a login is
 * refused at once (503, retry in a second) instead of piling up.
 */
public final class HashingPool implements AutoCloseable {

    private final ThreadPoolExecutor executor;

    public HashingPool(int threads, int queue) {
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue),
                Thread.ofPlatform().name("password-hashing-", 0).daemon().factory(), new ThreadPoolExecutor.AbortPolicy());
    }

    public <T> T run(Supplier<T> hashing) {
        Future<T> result;
        try {
            result = executor.submit(hashing::get);
        } catch (RejectedExecutionException full) {
            throw ApiException.unavailable("auth_busy", "too many logins and registrations at once; retry shortly");
        }
        try {
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for password hashing", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    /** Hashing waiting for a thread. */
    public int queued() {
        return executor.getQueue().size();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
