package dev.ticketing.e2e.spike;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Predicate;

import javax.net.ssl.SSLSocketFactory;

/**
 * A small HTTP/1.1 client over blocking sockets (one virtual thread per request) with keep-alive
 * connections reused. The load generator shares the machine with the system it measures, so it must be
 * cheap: the JDK's HttpClient spent more CPU than the API it was driving. Nothing here retries.
 */
final class LeanHttp implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    record Response(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final String host;
    private final int port;
    private final boolean tls;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

    LeanHttp(URI base) {
        this.tls = "https".equalsIgnoreCase(base.getScheme());
        if (!tls && !"http".equalsIgnoreCase(base.getScheme())) {
            throw new IllegalArgumentException("the URL must be http:// or https://, got " + base);
        }
        this.host = base.getHost();
        this.port = base.getPort() > 0 ? base.getPort() : tls ? 443 : 80;
    }

    /** One request and its whole response; the connection goes back to the pool when the server keeps it open. */
    Response send(String method, String path, String token, String json, Duration timeout) throws IOException {
        return send(method, path, token, json, null, timeout);
    }

    /** @param prefer an RFC 7240 {@code Prefer} header's value, or null for none */
    Response send(String method, String path, String token, String json, String prefer, Duration timeout) throws IOException {
        Connection c = connection(timeout);
        try {
            c.write(method, path, token, json, prefer, "application/json");
            Head head = c.readHead();
            byte[] body = c.readBody(head);
            release(c, head);
            return new Response(head.status, body);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * A server-sent event stream: every line goes to {@code onLine} until it returns false (then the
     * connection is dropped) or the server ends the stream. Returns the status; 200 means a stream was read.
     */
    int stream(String path, String token, Duration timeout, Predicate<String> onLine) throws IOException {
        Connection c = connection(timeout);
        try {
            c.write("GET", path, token, null, null, "text/event-stream");
            Head head = c.readHead();
            if (head.status != 200) {
                c.readBody(head);
                release(c, head);
                return head.status;
            }
            if (head.chunked) {
                if (c.readChunked(onLine) != null) {
                    release(c, head);
                } else {
                    c.close();
                }
            } else if (head.keepAlive) {
                // A stream whose one write was also its end (already decided) comes with a length, not in chunks.
                readLines(new java.io.ByteArrayInputStream(c.readBody(head)), onLine);
                release(c, head);
            } else {
                readLines(c.in, onLine);
                c.close();
            }
            return head.status;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private Connection connection(Duration timeout) throws IOException {
        Connection c = idle.pollFirst();
        if (c == null) {
            Socket socket = tls ? SSLSocketFactory.getDefault().createSocket() : new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
            c = new Connection(socket);
        }
        c.socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        return c;
    }

    private void release(Connection c, Head head) {
        if (head.keepAlive) {
            idle.addFirst(c);
        } else {
            c.close();
        }
    }

    @Override
    public void close() {
        for (Connection c = idle.poll(); c != null; c = idle.poll()) {
            c.close();
        }
    }

    private record Head(int status, int contentLength, boolean chunked, boolean keepAlive) {
    }

    private static boolean readLines(InputStream in, Predicate<String> onLine) throws IOException {
        for (String line = readLine(in); line != null; line = readLine(in)) {
            if (!onLine.test(line)) {
                return false;
            }
        }
        return true;
    }

    /** A line without its CRLF or LF; null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_HEADER_BYTES) {
                throw new IOException("line longer than " + MAX_HEADER_BYTES + " bytes");
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    private final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
        }

        void write(String method, String path, String token, String json, String prefer, String accept) throws IOException {
            byte[] body = json == null ? null : json.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                    .append(host).append(':').append(port).append("\r\nAccept: ").append(accept).append("\r\n");
            if (token != null) {
                head.append("Authorization: Bearer ").append(token).append("\r\n");
            }
            if (prefer != null) {
                head.append("Prefer: ").append(prefer).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                out.write(body);
            }
            out.flush();
        }

        Head readHead() throws IOException {
            String statusLine = readLine(in);
            if (statusLine == null || !statusLine.startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP response: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            boolean keepAlive = statusLine.startsWith("HTTP/1.1");
            int length = -1;
            boolean chunked = false;
            for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Integer.parseInt(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> keepAlive = !value.equalsIgnoreCase("close") && (keepAlive || value.equalsIgnoreCase("keep-alive"));
                    default -> { }
                }
            }
            // Without a length or chunking, the body runs to the end of the connection.
            return new Head(status, length < 0 && !chunked ? Integer.MAX_VALUE : length, chunked, keepAlive && (length >= 0 || chunked));
        }

        /** A whole body: in chunks, or of its length (to the connection's end when it has neither). */
        byte[] readBody(Head head) throws IOException {
            return head.chunked ? readChunked(line -> true) : in.readNBytes(Math.max(0, head.contentLength));
        }

        /**
         * Reads a chunked body, handing each complete line to {@code onLine}. Returns the body when the
         * last chunk arrived, or null when {@code onLine} asked to stop first.
         */
        byte[] readChunked(Predicate<String> onLine) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            ByteArrayOutputStream pending = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine(in);
                if (sizeLine == null) {
                    throw new IOException("the stream ended inside a chunked body");
                }
                int semicolon = sizeLine.indexOf(';');
                int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    for (String trailer = readLine(in); trailer != null && !trailer.isEmpty(); trailer = readLine(in)) {
                        // trailers are not used
                    }
                    return body.toByteArray();
                }
                byte[] chunk = in.readNBytes(size);
                if (chunk.length < size) {
                    throw new IOException("the stream ended inside a chunk");
                }
                body.write(chunk);
                for (byte b : chunk) {
                    if (b == '\n') {
                        if (!onLine.test(pending.toString(StandardCharsets.UTF_8).stripTrailing())) {
                            return null;
                        }
                        pending.reset();
                    } else {
                        pending.write(b);
                    }
                }
                // Only now: Jetty sends a chunk's closing CRLF with the next chunk, so waiting for it first would
                // hold every event back until the stream's next keep-alive.
                readLine(in);
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }
}
