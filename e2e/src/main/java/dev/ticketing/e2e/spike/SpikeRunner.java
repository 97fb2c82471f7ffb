package dev.ticketing.e2e.spike;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Prepares buyers, then fires booking requests — all at once (a spike) or at a planned rate — and
 * follows every accepted booking to its decision. Latencies count from the intended send time.
 */
public final class SpikeRunner {

    /** {@code evenSpread}: request i goes to subsection i round-robin (the seed's experiment sells out exactly). */
    public record Settings(URI url, String sale, int buyers, int requests, Quantity quantity, String mode, boolean evenSpread,
                           double rate, int connections, int rounds, boolean warmUp, Duration decisionTimeout, long seed,
                           String reportToken, int preferWaitSeconds, boolean followDecisions) {

        /** Buyers who follow every booking over its event stream (no {@code Prefer: wait}). */
        public Settings(URI url, String sale, int buyers, int requests, Quantity quantity, String mode, boolean evenSpread,
                        double rate, int connections, int rounds, boolean warmUp, Duration decisionTimeout, long seed,
                        String reportToken) {
            this(url, sale, buyers, requests, quantity, mode, evenSpread, rate, connections, rounds, warmUp, decisionTimeout, seed,
                    reportToken, 0, true);
        }

        /** Buyers who send {@code Prefer: wait=N} and follow over the event stream only when the answer is 202. */
        public Settings preferringToWait(int seconds) {
            return new Settings(url, sale, buyers, requests, quantity, mode, evenSpread, rate, connections, rounds, warmUp,
                    decisionTimeout, seed, reportToken, seconds, followDecisions);
        }

        /**
         * Buyers who only book (keep-alive requests, nobody following a decision): the round ends when the server's
         * report counts every accepted booking decided, so the cost of deciding is still in the round.
         */
        public Settings bookingOnly(boolean bookingOnly) {
            return new Settings(url, sale, buyers, requests, quantity, mode, evenSpread, rate, connections, rounds, warmUp,
                    decisionTimeout, seed, reportToken, preferWaitSeconds, !bookingOnly);
        }
    }

    /**
     * {@code allDecidedSeconds} is the buyers' view of the whole round: from the first request sent until the last
     * buyer knew their outcome (a decision, or an answer other than 202); NaN when some accepted booking never
     * got a decision.
     */
    public record RoundResult(int round, long offered, double offeredPerSecond, double achievedPerSecond,
                              Map<Integer, Long> statuses, long errors, long retries, LatencyStats.Percentiles acceptMs,
                              LatencyStats.Percentiles endToEndMs, double responseSeconds, double allDecidedSeconds,
                              JsonNode serverReport, Correctness correctness, Timeline timeline) {

        public RoundResult renumbered(int number) {
            return new RoundResult(number, offered, offeredPerSecond, achievedPerSecond, statuses, errors, retries, acceptMs,
                    endToEndMs, responseSeconds, allDecidedSeconds, serverReport, correctness, timeline);
        }

        /** With the consumer side as sampled beside the round (by whoever ran the load generator in its own process). */
        public RoundResult withConsumerSamples(List<ConsumerProbe.Sample> samples) {
            return new RoundResult(round, offered, offeredPerSecond, achievedPerSecond, statuses, errors, retries, acceptMs,
                    endToEndMs, responseSeconds, allDecidedSeconds, serverReport, correctness, timeline.withConsumerSamples(samples));
        }
    }

    /**
     * What the HTML report draws: latency curves; per 10 ms since the start, tickets sold and requests in
     * flight; and, when a {@link ConsumerProbe} was given, consumers and lag every {@code PROBE_STEP_MS}.
     */
    public record Timeline(double[] percentiles, double[] acceptCurveMs, double[] decisionCurveMs, int[] ticketsSold,
                           int[] inFlight, int[] consumers, int[] readyConsumers, int[] desiredConsumers, long[] lag) {

        Timeline withConsumerSamples(List<ConsumerProbe.Sample> samples) {
            return new Timeline(percentiles, acceptCurveMs, decisionCurveMs, ticketsSold, inFlight,
                    samples.stream().mapToInt(ConsumerProbe.Sample::consumers).toArray(),
                    samples.stream().mapToInt(ConsumerProbe.Sample::ready).toArray(),
                    samples.stream().mapToInt(ConsumerProbe.Sample::desired).toArray(),
                    samples.stream().mapToLong(ConsumerProbe.Sample::lag).toArray());
        }
    }

    /** Each sample is a few admin requests to the broker, which shares the machine: four a second is enough. */
    public static final int PROBE_STEP_MS = 250;

    /** Past the decision timeout a round ends on its own; silence beyond this margin means the process froze. */
    private static final Duration STALL_MARGIN = Duration.ofSeconds(60);

    static final double[] CURVE = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 99, 99.9, 100};
    private static final long BUCKET_NANOS = 10_000_000;
    private static final Duration REPORT_CATCH_UP = Duration.ofSeconds(10);

    private final Settings settings;
    private final SpikeClient client;
    private final PrintStream progress;
    private final ConsumerProbe probe;
    private final RoundFence fence;
    private long decidedInAllRounds;

    /**
     * Told, on the round's own thread, when a round's load is about to start and when its last buyer knows the
     * outcome: whoever runs the round may measure what happens in between (the bench's CPU bill does).
     */
    public interface RoundFence {

        RoundFence NONE = new RoundFence() {
            @Override
            public void starting(int round) {
            }

            @Override
            public void decided(int round) {
            }
        };

        void starting(int round);

        void decided(int round);
    }

    public SpikeRunner(Settings settings, PrintStream progress) {
        this(settings, progress, null);
    }

    /** @param probe samples the consumer side during each round, or null when the deployment cannot tell */
    public SpikeRunner(Settings settings, PrintStream progress, ConsumerProbe probe) {
        this(settings, progress, probe, RoundFence.NONE);
    }

    public SpikeRunner(Settings settings, PrintStream progress, ConsumerProbe probe, RoundFence fence) {
        this.settings = settings;
        this.client = new SpikeClient(settings.url());
        this.progress = progress;
        this.probe = probe;
        this.fence = fence;
    }

    public List<RoundResult> run() throws Exception {
        try (client) {
            JsonNode sale = client.sale(settings.sale());
            client.report(settings.sale(), settings.reportToken()); // refused access fails here, not after a round
            List<String> tokens = prepareBuyers();
            List<RoundResult> results = new ArrayList<>();
            if (settings.warmUp()) {
                round(0, sale, tokens);
            }
            for (int r = 1; r <= settings.rounds(); r++) {
                results.add(round(r, sale, tokens));
            }
            return results;
        }
    }

    /**
     * The server caches its report for a second, so one read right after a round can predate the round's last
     * decisions: read until it counts at least the decisions this runner saw (for a while at most).
     */
    private JsonNode reportCounting(long decisions, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            JsonNode report = client.report(settings.sale(), settings.reportToken());
            long counted = report.path("bookingsConfirmed").asLong() + report.path("bookingsFailed").asLong();
            if (counted >= decisions || System.nanoTime() > deadline) {
                return report;
            }
            Thread.sleep(100);
        }
    }

    private List<String> prepareBuyers() throws Exception {
        String run = Long.toHexString(settings.seed());
        List<String> tokens = Collections.synchronizedList(new ArrayList<>());
        Semaphore slots = new Semaphore(Math.max(1, Math.min(settings.connections(), 64)));
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < settings.buyers(); i++) {
                String email = "spike-" + run + "-" + i + "@example.com";
                pool.submit(() -> {
                    slots.acquire();
                    try {
                        tokens.add(client.buyer(email, "spike-password-" + run));
                    } finally {
                        slots.release();
                    }
                    return null;
                });
            }
        }
        if (tokens.size() != settings.buyers()) {
            throw new IllegalStateException("only " + tokens.size() + " of " + settings.buyers() + " buyers could log in");
        }
        progress.printf("prepared %d buyers%n", tokens.size());
        return List.copyOf(tokens);
    }

    private RoundResult round(int round, JsonNode sale, List<String> tokens) throws Exception {
        Random random = new Random(settings.seed() + round);
        List<String> bodies = new ArrayList<>(settings.requests());
        for (int i = 0; i < settings.requests(); i++) {
            bodies.add(body(sale, random, i));
        }
        LatencyStats accept = new LatencyStats();
        LatencyStats endToEnd = new LatencyStats();
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        AtomicLong acceptedCount = new AtomicLong();
        ConcurrentLinkedQueue<Correctness.Seen> decided = new ConcurrentLinkedQueue<>();
        Semaphore connections = new Semaphore(settings.connections());
        fence.starting(round);
        long start = System.nanoTime() + Duration.ofMillis(50).toNanos();
        ConcurrentLinkedQueue<long[]> events = new ConcurrentLinkedQueue<>();
        AtomicLong lastResponse = new AtomicLong(start);
        AtomicLong firstSent = new AtomicLong(Long.MAX_VALUE);
        AtomicLong lastKnown = new AtomicLong(start);
        ConsumerSampler sampler = probe == null ? null : ConsumerSampler.start(probe, start);
        List<ConsumerProbe.Sample> samples = List.of();
        Thread ticker = Thread.ofPlatform().daemon().start(() -> {
            Stall stall = Stall.endingTheProcess(settings.decisionTimeout().plus(STALL_MARGIN), progress);
            while (!Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                progress.printf("\rround %d: sent %d/%d, accepted %d, decided %d, errors %d   ", round, sent.get(),
                        settings.requests(), acceptedCount.get(), decided.size(), errors.get());
                stall.check(List.of(sent.get(), acceptedCount.get(), (long) decided.size(), errors.get()));
            }
        });
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < settings.requests(); i++) {
                long intended = settings.rate() <= 0 ? start : start + (long) (i * 1e9 / settings.rate());
                String token = tokens.get(i % tokens.size());
                String body = bodies.get(i);
                pool.submit(() -> {
                    LockSupport.parkNanos(intended - System.nanoTime());
                    // A connection is a buyer's browser: held from the booking request until its decision arrived.
                    connections.acquireUninterruptibly();
                    try {
                        SpikeClient.Answer answer;
                        long sentAt = System.nanoTime();
                        firstSent.accumulateAndGet(sentAt, Math::min);
                        try {
                            sent.incrementAndGet();
                            answer = settings.preferWaitSeconds() > 0
                                    ? client.bookWaiting(settings.sale(), token, body, settings.preferWaitSeconds())
                                    : client.book(settings.sale(), token, body);
                        } catch (Exception e) {
                            errors.incrementAndGet();
                            lastKnown.accumulateAndGet(System.nanoTime(), Math::max);
                            return;
                        } finally {
                            events.add(new long[] {sentAt - start, System.nanoTime() - start, 0});
                        }
                        long now = System.nanoTime();
                        lastResponse.accumulateAndGet(now, Math::max);
                        if (answer.status() != 202) {
                            lastKnown.accumulateAndGet(now, Math::max);
                        }
                        accept.record(now - intended);
                        statuses.merge(answer.status(), 1L, Long::sum);
                        Optional<SpikeClient.Decision> decidedInAnswer = SpikeClient.decidedIn(answer, now);
                        if (answer.status() == 202 && !settings.followDecisions()) {
                            acceptedCount.incrementAndGet();
                        } else if (answer.status() == 202 || decidedInAnswer.isPresent()) {
                            acceptedCount.incrementAndGet();
                            (decidedInAnswer.isPresent() ? decidedInAnswer
                                    : client.followUntilDecided(answer.body().get("bookingId").asText(), token, settings.decisionTimeout()))
                                    .ifPresent(decision -> {
                                        long at = decision.atNanos();
                                        lastKnown.accumulateAndGet(at, Math::max);
                                        endToEnd.record(at - intended);
                                        decided.add(decision.seen());
                                        if (!decision.seen().seats().isEmpty()) {
                                            events.add(new long[] {-1, at - start, decision.seen().seats().size()});
                                        }
                                    });
                        }
                    } finally {
                        connections.release();
                    }
                });
            }
        } finally {
            ticker.interrupt();
            if (sampler != null) {
                samples = sampler.stop();
            }
            progress.println();
        }
        JsonNode report;
        Correctness correctness;
        if (settings.followDecisions()) {
            fence.decided(round);
            decidedInAllRounds += decided.size();
            report = reportCounting(decidedInAllRounds, REPORT_CATCH_UP);
            correctness = Correctness.judge(List.copyOf(decided), acceptedCount.get(), report.path("ticketsSold").asLong(),
                    report.path("ticketsTotal").asLong());
        } else {
            // Nobody learned a decision: the round lasts until the server has decided every accepted booking.
            decidedInAllRounds += acceptedCount.get();
            report = reportCounting(decidedInAllRounds, settings.decisionTimeout());
            lastKnown.accumulateAndGet(System.nanoTime(), Math::max);
            fence.decided(round);
            long counted = report.path("bookingsConfirmed").asLong() + report.path("bookingsFailed").asLong();
            // Seats sold twice cannot be seen without the decisions; sold <= capacity still comes from the server.
            correctness = new Correctness(report.path("ticketsSold").asLong(), report.path("ticketsTotal").asLong(), 0,
                    Math.max(0, decidedInAllRounds - counted));
        }
        double responseSeconds = (lastResponse.get() - start) / 1e9;
        double allDecidedSeconds = correctness.acceptedWithoutDecision() > 0 || firstSent.get() == Long.MAX_VALUE
                ? Double.NaN : (lastKnown.get() - firstSent.get()) / 1e9;
        double offeredRate = settings.rate() > 0 ? settings.rate() : Double.POSITIVE_INFINITY;
        double achieved = responseSeconds > 0 ? (statuses.values().stream().mapToLong(Long::longValue).sum()) / responseSeconds : 0;
        return new RoundResult(round, settings.requests(), offeredRate, achieved, new TreeMap<>(statuses), errors.get(), 0,
                accept.percentiles(), endToEnd.percentiles(), responseSeconds, allDecidedSeconds, report, correctness,
                timeline(List.copyOf(events), accept, endToEnd, samples));
    }

    /** Events are {sentAt, at, seats}: a request in flight from sentAt to at, or (sentAt = -1) seats sold at at. */
    static Timeline timeline(List<long[]> events, LatencyStats accept, LatencyStats decision, List<ConsumerProbe.Sample> samples) {
        long end = events.stream().mapToLong(e -> e[1]).max().orElse(0);
        int buckets = (int) Math.min(100_000, end / BUCKET_NANOS + 1);
        int[] sold = new int[buckets];
        int[] flightDelta = new int[buckets + 1];
        for (long[] e : events) {
            int at = (int) Math.min(buckets - 1, Math.max(0, e[1] / BUCKET_NANOS));
            if (e[0] < 0) {
                sold[at] += (int) e[2];
            } else {
                flightDelta[(int) Math.min(buckets - 1, Math.max(0, e[0] / BUCKET_NANOS))]++;
                flightDelta[at + 1]--;
            }
        }
        int[] inFlight = new int[buckets];
        int running = 0;
        int total = 0;
        for (int i = 0; i < buckets; i++) {
            running += flightDelta[i];
            inFlight[i] = running;
            total += sold[i];
            sold[i] = total;
        }
        return new Timeline(CURVE, accept.curve(CURVE), decision.curve(CURVE), sold, inFlight, new int[0], new int[0], new int[0],
                new long[0]).withConsumerSamples(samples);
    }

    private String body(JsonNode sale, Random random, int index) {
        JsonNode sections = sale.get("sections");
        JsonNode section;
        int subsection;
        if (settings.evenSpread()) {
            section = sections.get(index % sections.size());
            subsection = 1 + (index / sections.size()) % section.get("subsections").size();
        } else {
            section = sections.get(random.nextInt(sections.size()));
            subsection = 1 + random.nextInt(section.get("subsections").size());
        }
        int max = sale.path("maxTicketsPerBooking").asInt(4);
        int quantity = Math.min(max, settings.quantity().draw(random));
        boolean manual = "manual".equals(settings.mode()) || "mixed".equals(settings.mode()) && random.nextBoolean();
        String head = "{\"section\":\"" + section.get("name").asText() + "\",\"subsection\":" + subsection;
        if (!manual) {
            return head + ",\"mode\":\"best_available\",\"quantity\":" + quantity + "}";
        }
        List<String> labels = new ArrayList<>();
        for (int row = 1; row <= sale.get("rows").asInt(); row++) {
            for (int seat = 1; seat <= sale.get("seatsPerRow").asInt(); seat++) {
                labels.add("\"" + row + "-" + seat + "\"");
            }
        }
        Collections.shuffle(labels, random);
        return head + ",\"mode\":\"manual\",\"seats\":[" + String.join(",", labels.subList(0, Math.min(quantity, labels.size())))
                + "]}";
    }
}
