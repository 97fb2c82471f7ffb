package dev.ticketing.e2e.spike;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spike}: the seed's experiment against any deployment of the runtime, with honest numbers. */
@Command(name = "spike", mixinStandardHelpOptions = true,
        description = "Fires booking requests at a ticketing runtime and follows every booking to its decision.")
public final class SpikeTool implements Callable<Integer> {

    @Option(names = "--url", description = "Base URL of the runtime's API, e.g. http://localhost:8080")
    URI url;
    @Option(names = "--sale", defaultValue = "demo", description = "Sale name (default: ${DEFAULT-VALUE})")
    String sale;
    @Option(names = "--buyers", defaultValue = "1000", description = "Buyers to register/log in; tokens are reused")
    int buyers;
    @Option(names = "--requests", defaultValue = "1000", description = "Booking requests per round")
    int requests;
    @Option(names = "--quantity", defaultValue = "1", description = "Seats per booking: N or MIN-MAX")
    String quantity;
    @Option(names = "--mode", defaultValue = "best_available", description = "best_available, manual or mixed")
    String mode;
    @Option(names = "--spread", defaultValue = "even",
            description = "even: requests go round-robin over sections and subsections; random: uniformly at random")
    String spread;
    @Option(names = "--rate", defaultValue = "0", description = "Requests per second; 0 sends all at once (a spike)")
    double rate;
    @Option(names = "--duration", description = "Seconds to keep sending at --rate; sets the requests per round to rate x duration")
    Integer durationSeconds;
    @Option(names = "--connections", defaultValue = "1000", description = "Most buyers in flight at once: a booking request and its event stream hold one until decided")
    int connections;
    @Option(names = "--rounds", defaultValue = "1", description = "Measured rounds")
    int rounds;
    @Option(names = "--warm-up", description = "Run one unmeasured round first")
    boolean warmUp;
    @Option(names = "--decision-timeout", defaultValue = "60", description = "Seconds to wait for each decision")
    int decisionTimeoutSeconds;
    @Option(names = "--seed", defaultValue = "42", description = "Random seed (buyers, sections, seats)")
    long seed;
    @Option(names = "--report-token", defaultValue = "${env:REPORT_TOKEN}",
            description = "The sale's report token, for the server's report (default: the REPORT_TOKEN variable)")
    String reportToken;
    @Option(names = "--prefer-wait", defaultValue = "0",
            description = "Seconds each buyer prefers to wait for the decision in the booking's answer (Prefer: wait=N, "
                    + "RFC 7240); a 202 is still followed over the event stream. 0: always follow (default)")
    int preferWaitSeconds;
    @Option(names = "--booking-only",
            description = "Buyers only book (kept-alive requests) and follow no decision; a round ends when the server's "
                    + "report counts every accepted booking decided, and only sold <= capacity is checked")
    boolean bookingOnly;
    @Option(names = "--serve", hidden = true,
            description = "Run the settings given as JSON lines on stdin, fenced (GeneratorProcess); other options are ignored")
    boolean serve;
    @Option(names = "--json", description = "Also write the results as JSON to this file")
    Path json;
    @Option(names = "--html", description = "Also write a self-contained HTML report to this file")
    Path html;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** A deployment that cannot be measured (unreachable, report token refused) is one line and exit code 2. */
    static CommandLine commandLine() {
        return new CommandLine(new SpikeTool()).setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println("spike: " + e.getMessage());
            return 2;
        });
    }

    @Override
    public Integer call() throws Exception {
        if (serve) {
            return GeneratorProcess.serve();
        }
        if (url == null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "Missing required option: '--url=<url>'");
        }
        if (!List.of("best_available", "manual", "mixed").contains(mode)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--mode must be best_available, manual or mixed");
        }
        if (!List.of("even", "random").contains(spread)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--spread must be even or random");
        }
        int perRound;
        try {
            perRound = requestsPerRound(requests, rate, durationSeconds);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
        var settings = new SpikeRunner.Settings(url, sale, buyers, perRound, Quantity.parse(quantity), mode, "even".equals(spread), rate,
                connections, rounds, warmUp, Duration.ofSeconds(decisionTimeoutSeconds), seed,
                reportToken, preferWaitSeconds, !bookingOnly);
        List<SpikeRunner.RoundResult> results = new SpikeRunner(settings, System.err).run();
        print(System.out, results);
        if (json != null) {
            Files.writeString(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(results));
        }
        if (html != null) {
            HtmlReport.write(html, "Spike against " + url + " (sale " + sale + ")", results);
        }
        return results.stream().allMatch(r -> r.correctness().holds()) ? 0 : 1;
    }

    /** With a duration, an open-model round sends rate x duration requests; otherwise --requests. */
    static int requestsPerRound(int requests, double rate, Integer durationSeconds) {
        if (durationSeconds == null) {
            return requests;
        }
        if (rate <= 0 || durationSeconds <= 0) {
            throw new IllegalArgumentException("--duration needs a --rate above 0 and a positive number of seconds");
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.ceil(rate * durationSeconds));
    }

    public static void print(PrintStream out, List<SpikeRunner.RoundResult> results) {
        for (SpikeRunner.RoundResult r : results) {
            out.printf("round %d: %d requests, offered %s/s, achieved %.0f/s, responses %s, errors %d, retries %d%n",
                    r.round(), r.offered(), Double.isInfinite(r.offeredPerSecond()) ? "all at once" : String.format("%.0f", r.offeredPerSecond()),
                    r.achievedPerSecond(), r.statuses(), r.errors(), r.retries());
            out.printf("  all decided %s s (first request sent -> last buyer knows the outcome)%n",
                    Double.isNaN(r.allDecidedSeconds()) ? "-" : String.format("%.3f", r.allDecidedSeconds()));
            out.printf("  accept ms     %s%n", line(r.acceptMs()));
            out.printf("  decision ms   %s%n", line(r.endToEndMs()));
            JsonNode server = r.serverReport();
            out.printf("  response duration %.3f s; server: sold %s/%s, sellout %s s (selling window %s s), booking latency p99 %s ms, "
                    + "%s tickets/s%n", r.responseSeconds(), server.path("ticketsSold").asText(), server.path("ticketsTotal").asText(),
                    server.path("selloutSeconds").asText(), server.path("sellingWindowSeconds").asText(),
                    server.path("bookingLatencyMs").path("p99").asText(), server.path("throughputPerSecond").asText());
            Correctness c = r.correctness();
            out.printf("  correctness: sold <= capacity %s, seats sold twice %d, accepted without decision %d -> %s%n",
                    c.oversold() ? "NO" : "yes", c.seatsSoldTwice(), c.acceptedWithoutDecision(), c.holds() ? "OK" : "FAILED");
        }
    }

    private static String line(LatencyStats.Percentiles p) {
        return String.format("n=%d p50 %.1f  p90 %.1f  p95 %.1f  p99 %.1f  p99.9 %.1f  max %.1f", p.count(), p.p50(), p.p90(),
                p.p95(), p.p99(), p.p999(), p.max());
    }
}
