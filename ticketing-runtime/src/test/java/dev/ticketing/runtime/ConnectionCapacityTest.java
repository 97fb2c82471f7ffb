package dev.ticketing.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.ticketing.runtime.sale.SalePlan;

/** The seed's JDK HttpServer dropped idle connections past 200; ours keeps well over 1,000 open and serving. */
class ConnectionCapacityTest {

    private static final int CONNECTIONS = 1_500;

    @Test
    void holds_fifteen_hundred_concurrent_keep_alive_connections() throws Exception {
        try (RuntimeFixture sale = RuntimeFixture.start("connections", SalePlan.seedLayout("Connections"))) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", sale.uri("/").getPort());
            List<Socket> sockets = new ArrayList<>(CONNECTIONS);
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    Socket socket = new Socket();
                    socket.connect(address, 10_000);
                    socket.setSoTimeout(30_000);
                    sockets.add(socket);
                }
                // Every connection is open at once; each must answer, then answer again on the same socket.
                for (int round = 0; round < 2; round++) {
                    for (Socket socket : sockets) {
                        send(socket);
                    }
                    int ok = 0;
                    for (Socket socket : sockets) {
                        ok += readStatus(socket) == 200 ? 1 : 0;
                    }
                    assertThat(ok).as("round %d", round).isEqualTo(CONNECTIONS);
                }
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
        }
    }

    private static void send(Socket socket) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static int readStatus(Socket socket) throws Exception {
        var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII), 256);
        String status = in.readLine();
        int length = 0;
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        char[] body = new char[length];
        int read = 0;
        while (read < length) {
            read += in.read(body, read, length - read);
        }
        return Integer.parseInt(status.split(" ")[1]);
    }
}
