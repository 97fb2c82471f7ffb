package dev.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.ticketing.e2e.sandbox.Sandbox;
import dev.ticketing.runtime.sale.SalePlan;

/** The README's "Try it" commands, run as written against the same sandbox `make run-local` starts. */
class ReadmeTryItTest {

    @Test
    void the_try_it_commands_work_as_written() throws Exception {
        Assumptions.assumeTrue(onPath("curl") && onPath("sed") && onPath("openssl") && onPath("base64"),
                "the README's commands need curl, sed, openssl and base64");
        String readme = Files.readString(Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("### Try it"));
        String script = section.substring(section.indexOf("```sh") + 5, section.indexOf("```", section.indexOf("```sh") + 5));
        try (Sandbox sandbox = Sandbox.start("demo", SalePlan.seedLayout("Demo arena"), 1, Map.of("HTTP_PORT", "0"))) {
            String runnable = script
                    .replace("B=http://localhost:8080", "B=http://127.0.0.1:" + sandbox.port())
                    // A person reads "processing" and asks again; the script asks until the decision is there.
                    .replace("curl -s $B/api/v1/bookings/$ID -H \"Authorization: Bearer $TOKEN\"\n",
                            "until curl -s $B/api/v1/bookings/$ID -H \"Authorization: Bearer $TOKEN\" | grep pending_payment; "
                                    + "do sleep 0.2; done\n")
                    // The event stream stays open until a final state; follow it in the background like a second terminal.
                    .replace("curl -N $B/api/v1/bookings/$ID/events -H \"Authorization: Bearer $TOKEN\"",
                            "sleep 1; curl -sN $B/api/v1/bookings/$ID/events -H \"Authorization: Bearer $TOKEN\" > events.txt &")
                    + "\nwait\ncat events.txt\n";
            assertThat(runnable).as("the README's commands changed; adapt this test").contains("until curl", "events.txt &");
            Path dir = Files.createTempDirectory("try-it");
            Path file = dir.resolve("try-it.sh");
            Files.writeString(file, "set -euo pipefail\n" + runnable);
            Process bash = new ProcessBuilder("bash", file.toString()).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(bash.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(bash.exitValue()).as(output).isZero();
            assertThat(output).contains("\"name\":\"Ada\"").contains("HTTP/1.1 202").contains("\"status\":\"pending_payment\"")
                    .contains("\"status\":\"completed\"")
                .as("the report opened with the token the README's openssl line derives").contains("\"ticketsSold\":3");
        assertThat(output).as("the booking that waited got its decision in the answer").contains("HTTP/1.1 200")
                .contains("Preference-Applied: wait=5");
            assertThat(output).as("the event stream saw the payment").contains("event: status");
        }
    }

    private static boolean onPath(String command) {
        try {
            return new ProcessBuilder("sh", "-c", "command -v " + command).start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
