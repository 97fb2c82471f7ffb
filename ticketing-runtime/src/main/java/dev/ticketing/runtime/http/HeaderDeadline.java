package dev.ticketing.runtime.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A connection must deliver its first request's headers within the deadline. Jetty's idle timeout alone restarts
 * with every byte, so a client trickling a header a byte at a time would hold the connection for hours; this
 * answers it 408 and closes it instead.
 */
final class HeaderDeadline implements Connection.Listener {

    private static final String ARRIVED = HeaderDeadline.class.getName();

    private final Duration timeout;

    HeaderDeadline(Duration timeout) {
        this.timeout = timeout;
    }

    /** Called for every request that made it past its headers. */
    static void requestArrived(Request request) {
        request.getConnectionMetaData().setAttribute(ARRIVED, Boolean.TRUE);
    }

    @Override
    public void onOpened(Connection connection) {
        if (!(connection instanceof ConnectionMetaData meta)) {
            return;
        }
        Scheduler scheduler = meta.getConnector().getScheduler();
        scheduler.schedule(() -> {
            EndPoint endPoint = connection.getEndPoint();
            if (meta.getAttribute(ARRIVED) == null && endPoint.isOpen()) {
                endPoint.write(Callback.from(endPoint::close), ByteBuffer.wrap(timeoutAnswer()));
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
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
