package dev.ticketing.e2e.spike;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class LeanHttpTest {

    @Test
    void an_event_is_seen_when_its_chunk_arrives_not_when_the_next_one_does() throws Exception {
        CountDownLatch clientDone = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> {
                try (Socket socket = server.accept()) {
                    socket.getInputStream().read(new byte[4_096]);
                    OutputStream out = socket.getOutputStream();
                    // As Jetty writes a stream: the chunk's closing CRLF only comes with the next chunk.
                    String event = "data: decided\n\n";
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + Integer.toHexString(event.length()) + "\r\n" + event).getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    clientDone.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // the client left
                }
            });
            List<String> lines = new ArrayList<>();
            try (LeanHttp http = new LeanHttp(URI.create("http://127.0.0.1:" + server.getLocalPort()))) {
                int status = http.stream("/events", null, Duration.ofSeconds(10), line -> {
                    lines.add(line);
                    return !line.startsWith("data:");
                });

                assertThat(status).isEqualTo(200);
                assertThat(lines).containsExactly("data: decided");
            } finally {
                clientDone.countDown();
            }
        }
    }
}
