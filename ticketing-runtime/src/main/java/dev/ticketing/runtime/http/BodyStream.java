package dev.ticketing.runtime.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.Content;

/**
 * A request body that must arrive in full within its deadline, counted from the first read. Jetty's idle timeout
 * restarts with every byte, so without this a client trickling (or withholding) its body would hold the request,
 * and its thread, for as long as it likes. Past the deadline a read fails with a 408 problem.
 */
final class BodyStream extends InputStream {

    private final Content.Source source;
    private final Duration timeout;
    private long deadline;
    private Content.Chunk chunk;

    BodyStream(Content.Source source, Duration timeout) {
        this.source = source;
        this.timeout = timeout;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (deadline == 0) {
            deadline = System.nanoTime() + timeout.toNanos();
        }
        while (true) {
            if (chunk == null) {
                chunk = source.read();
                if (chunk == null) {
                    awaitContent();
                    continue;
                }
            }
            if (Content.Chunk.isFailure(chunk)) {
                Throwable failure = chunk.getFailure();
                if (timedOut(failure)) {
                    throw timeoutProblem();
                }
                throw new IOException("the request body could not be read", failure);
            }
            ByteBuffer bytes = chunk.getByteBuffer();
            if (bytes.hasRemaining()) {
                int n = Math.min(length, bytes.remaining());
                bytes.get(buffer, offset, n);
                return n;
            }
            boolean last = chunk.isLast();
            chunk.release();
            chunk = last ? Content.Chunk.EOF : null;
            if (last) {
                return -1;
            }
        }
    }

    private void awaitContent() throws IOException {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        source.demand(() -> ready.complete(null));
        try {
            ready.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            source.fail(e);
            throw timeoutProblem();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the request body", e);
        } catch (ExecutionException e) {
            throw new IOException("the request body could not be read", e.getCause());
        }
    }

    private ApiException timeoutProblem() {
        return new ApiException(408, "request_timeout", "the request body did not arrive within " + timeout.toSeconds() + " s",
                "body");
    }

    private static boolean timedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof HttpException http && http.getCode() == 408) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (chunk != null && chunk != Content.Chunk.EOF) {
            chunk.release();
        }
        chunk = null;
    }
}
