package dev.ticketing.runtime.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Every request's headers must arrive within the deadline: a new connection's first request from when it opened, a
 * kept-alive connection's next one from its first byte. Jetty's idle timeout restarts with every byte, so a client
 * trickling headers a byte at a time would otherwise hold a connection (and, at the connection cap, everyone else's
 * turn) for as long as it likes; this answers it 408 and closes it. A connection whose request is being handled (a
 * body arriving, an event stream) is the handlers' business, not this.
 */
final class HeaderDeadline implements Connection.Listener {

    private final Duration timeout;

    HeaderDeadline(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            new Watch(http, http.getConnector().getScheduler()).next();
        }
    }

    /** Looks at one connection's counters a few times per deadline; Jetty counts a request in once its headers are read. */
    private final class Watch implements Runnable {
        private final HttpConnection http;
        private final Scheduler scheduler;
        private final long period;
        private long requests;
        private long responses;
        private long bytesAfterLastRequest;
        /** When the request now arriving began (nanoTime), or -1 while none is. */
        private long arrivingSince = System.nanoTime();

        Watch(HttpConnection http, Scheduler scheduler) {
            this.http = http;
            this.scheduler = scheduler;
            this.period = Math.max(250, timeout.toMillis() / 4);
        }

        void next() {
            scheduler.schedule(this, period, TimeUnit.MILLISECONDS);
        }

        @Override
        public void run() {
            EndPoint endPoint = http.getEndPoint();
            if (!endPoint.isOpen()) {
                return;
            }
            long now = System.nanoTime();
            long in = http.getMessagesIn();
            long out = http.getMessagesOut();
            long bytes = http.getBytesIn();
            if (in != requests || out != responses || out < in) {
                // Headers arrived, a request is being handled or was just answered: bytes read until now were its;
                // the next request's clock starts at its first byte after this.
                requests = in;
                responses = out;
                bytesAfterLastRequest = bytes;
                arrivingSince = -1;
            } else if (arrivingSince < 0 && bytes > bytesAfterLastRequest) {
                arrivingSince = now;
            }
            if (arrivingSince >= 0 && now - arrivingSince > timeout.toNanos()) {
                endPoint.write(Callback.from(endPoint::close), ByteBuffer.wrap(timeoutAnswer()));
                return;
            }
            next();
        }
    }

    private byte[] timeoutAnswer() {
        byte[] body = ("{\"type\":\"https://ticketing.dev/problems/request-timeout\",\"title\":\"Request Timeout\",\"status\":408,"
                + "\"code\":\"request_timeout\",\"detail\":\"the request headers did not arrive within " + timeout.toSeconds()
                + " s\"}").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/problem+json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        byte[] answer = new byte[head.length() + body.length];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, answer, 0, head.length());
        System.arraycopy(body, 0, answer, head.length(), body.length);
        return answer;
    }
}
