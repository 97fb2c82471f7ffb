package dev.ticketing.e2e.spike;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import dev.ticketing.e2e.sandbox.Sandbox;
import dev.ticketing.runtime.sale.SalePlan;

/** A small spike through the CLI against the sandbox: the correctness counters, not the timings. */
class SpikeToolTest {

    @Test
    void two_hundred_requests_for_a_hundred_seats_keep_every_counter_at_its_limit() throws Exception {
        SalePlan plan = new SalePlan("Small hall", 2, 5, 4, List.of(
                new SalePlan.Section("A", 100, 5), new SalePlan.Section("B", 50, 5)));
        Path json = Files.createTempFile("spike", ".json");
        Path html = Files.createTempFile("spike", ".html");
        try (Sandbox sandbox = Sandbox.start("small-spike", plan, 2,
                Map.of("HTTP_PORT", "0", "AUTH_PASSWORD_HASH_ITERATIONS", "1000"))) {
            var refused = new java.io.StringWriter();
            CommandLine withoutToken = SpikeTool.commandLine();
            withoutToken.setErr(new java.io.PrintWriter(refused, true));
            assertThat(withoutToken.execute("--url", "http://127.0.0.1:" + sandbox.port(), "--sale", "small-spike",
                    "--buyers", "1", "--requests", "1", "--report-token", "not-the-token")).isEqualTo(2);
            assertThat(refused.toString()).contains("the sale report answered 401").contains("--report-token")
                    .doesNotContain("Exception");

            int exit = SpikeTool.commandLine().execute("--url", "http://127.0.0.1:" + sandbox.port(),
                    "--sale", "small-spike", "--buyers", "40", "--requests", "200", "--quantity", "1-2", "--mode", "mixed",
                    "--connections", "200", "--report-token", sandbox.reportToken(), "--json", json.toString(),
                    "--html", html.toString());
            assertThat(exit).as("correctness counters hold").isZero();
        }
        JsonNode round = new ObjectMapper().readTree(Files.readString(json)).get(0);
        assertThat(Files.readString(html)).contains("<svg").contains("Tickets sold over time").contains("seats sold twice 0");
        int[] sold = new ObjectMapper().convertValue(round.get("timeline").get("ticketsSold"), int[].class);
        assertThat(sold[sold.length - 1]).as("the sold-over-time series ends at the tickets the buyers saw")
                .isEqualTo(round.get("correctness").get("ticketsSold").asInt());
        Map<?, ?> statuses = new ObjectMapper().convertValue(round.get("statuses"), Map.class);
        assertThat(statuses.keySet()).map(Object::toString).isSubsetOf("202", "409");
        assertThat(round.get("errors").asLong()).isZero();
        JsonNode correctness = round.get("correctness");
        assertThat(correctness.get("ticketsSold").asLong()).isLessThanOrEqualTo(100).isGreaterThan(50);
        assertThat(correctness.get("seatsSoldTwice").asLong()).isZero();
        assertThat(correctness.get("acceptedWithoutDecision").asLong()).isZero();
        assertThat(round.get("acceptMs").get("count").asLong()).isEqualTo(200);
        assertThat(round.get("endToEndMs").get("count").asLong()).as("every accepted booking was followed to its decision")
                .isEqualTo(round.get("statuses").path("202").asLong());
    }

    @Test
    void buyers_who_prefer_to_wait_learn_their_decision_in_the_answer_and_every_counter_holds() throws Exception {
        JsonNode round = fiftySeatRound("waiting-spike", "--buyers", "30", "--requests", "80", "--connections", "80",
                "--prefer-wait", "10");
        Map<?, ?> statuses = new ObjectMapper().convertValue(round.get("statuses"), Map.class);
        assertThat(statuses.keySet()).map(Object::toString).as("decided in the answer, or refused at the door; a 202 only "
                + "when a decision took longer than the wait").isSubsetOf("200", "202", "409").contains("200");
        assertThat(round.get("endToEndMs").get("count").asLong()).as("every accepted booking's decision was learned")
                .isEqualTo(round.get("statuses").path("200").asLong() + round.get("statuses").path("202").asLong());
        assertThat(round.get("correctness").get("ticketsSold").asLong()).isEqualTo(50);
        assertThat(round.get("correctness").get("acceptedWithoutDecision").asLong()).isZero();
    }

    @Test
    void booking_only_rounds_last_until_the_server_decided_every_accepted_booking() throws Exception {
        JsonNode round = fiftySeatRound("booking-only", "--buyers", "30", "--requests", "80", "--rate", "400", "--booking-only");
        assertThat(round.get("endToEndMs").get("count").asLong()).as("nobody followed a decision").isZero();
        assertThat(round.get("serverReport").get("bookingsConfirmed").asLong() + round.get("serverReport").get("bookingsFailed").asLong())
                .as("the round ended once the server had decided every accepted booking")
                .isEqualTo(round.get("statuses").path("202").asLong());
        assertThat(round.get("correctness").get("acceptedWithoutDecision").asLong()).isZero();
        assertThat(round.get("correctness").get("ticketsSold").asLong()).isEqualTo(50);
    }

    /** One round of the CLI against a fresh 50-seat sale; its counters must hold (exit code 0). */
    private static JsonNode fiftySeatRound(String sale, String... options) throws Exception {
        SalePlan plan = new SalePlan("Small hall", 2, 5, 4, List.of(new SalePlan.Section("A", 100, 5)));
        Path json = Files.createTempFile(sale, ".json");
        try (Sandbox sandbox = Sandbox.start(sale, plan, 2, Map.of("HTTP_PORT", "0", "AUTH_PASSWORD_HASH_ITERATIONS", "1000"))) {
            List<String> args = new java.util.ArrayList<>(List.of("--url", "http://127.0.0.1:" + sandbox.port(), "--sale", sale,
                    "--report-token", sandbox.reportToken(), "--json", json.toString()));
            args.addAll(List.of(options));
            assertThat(SpikeTool.commandLine().execute(args.toArray(String[]::new))).as("correctness counters hold").isZero();
        }
        return new ObjectMapper().readTree(Files.readString(json)).get(0);
    }
}
