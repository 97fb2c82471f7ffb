package dev.ticketing.operator.sale;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;

/** What the operator reports; written only when it changes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TicketingSaleStatus {

    @JsonPropertyDescription("Pending, Initializing, Scheduled, OnSale, SoldOut, Closed or Failed.")
    public String phase;

    @JsonPropertyDescription("The generation of the spec this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("Ready, Autoscaling and Degraded, in the standard condition shape.")
    public List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("The consumer pool and the autoscaler's last decision.")
    public Consumers consumers;

    @JsonPropertyDescription("The sale report, read from the runtime while the sale is active.")
    public Report report;

    @Override
    public boolean equals(Object o) {
        return o instanceof TicketingSaleStatus s && Objects.equals(phase, s.phase)
                && Objects.equals(observedGeneration, s.observedGeneration) && Objects.equals(conditions, s.conditions)
                && Objects.equals(consumers, s.consumers) && Objects.equals(report, s.report);
    }

    @Override
    public int hashCode() {
        return Objects.hash(phase, observedGeneration, conditions);
    }

    /** The consumer pool and the autoscaler's last decision; {@code replicas} and {@code selector} serve the scale subresource. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Consumers {
        @StatusReplicas
        @JsonPropertyDescription("Consumer pods that exist (the Deployment's replicas).")
        public Integer replicas;
        @JsonPropertyDescription("Of those, the ones that joined the group and hold partitions.")
        public Integer readyReplicas;
        @JsonPropertyDescription("What the autoscaler decided (what it recommends, in mode recommend).")
        public Integer desiredReplicas;
        @JsonPropertyDescription("Commands not yet processed, over all partitions.")
        public Long lag;
        @JsonPropertyDescription("Commands arriving per second (end offsets over the last 10 s).")
        public Double arrivalRate;
        @JsonPropertyDescription("Commands processed per second (committed offsets over the last 10 s).")
        public Double processingRate;
        @JsonPropertyDescription("Seconds a new consumer pod takes from creation to ready, i.e. to holding partitions (the slowest of the running ones).")
        public Double startupSeconds;
        @JsonPropertyDescription("When the autoscaler last changed the replicas.")
        public String lastScaleTime;
        @JsonPropertyDescription("The autoscaler's last decision, in words.")
        public String lastDecision;
        @LabelSelector
        @JsonPropertyDescription("Label selector of the consumer pods (for the scale subresource).")
        public String selector;

        @Override
        public boolean equals(Object o) {
            return o instanceof Consumers c && Objects.equals(replicas, c.replicas) && Objects.equals(readyReplicas, c.readyReplicas)
                    && Objects.equals(desiredReplicas, c.desiredReplicas) && Objects.equals(lag, c.lag)
                    && Objects.equals(arrivalRate, c.arrivalRate) && Objects.equals(processingRate, c.processingRate)
                    && Objects.equals(startupSeconds, c.startupSeconds) && Objects.equals(lastScaleTime, c.lastScaleTime)
                    && Objects.equals(lastDecision, c.lastDecision) && Objects.equals(selector, c.selector);
        }

        @Override
        public int hashCode() {
            return Objects.hash(replicas, readyReplicas, desiredReplicas, lag, lastScaleTime, lastDecision);
        }
    }

    /** The runtime's sale report (one definition: the runtime's GET /api/v1/sales/{sale}/report). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    public static class Report {
        public Long ticketsTotal;
        public Long ticketsSold;
        public Long bookingsAccepted;
        public Long bookingsConfirmed;
        public Long bookingsFailed;
        @JsonPropertyDescription("Bookings that got seats and were cancelled since.")
        public Long bookingsCancelled;
        @JsonPropertyDescription("Bookings that got seats and were not paid within the hold time.")
        public Long bookingsExpired;
        public String firstAcceptedAt;
        public String firstSoldAt;
        public String soldOutAt;
        @JsonPropertyDescription("soldOutAt minus the first accepted booking's accept time: queueing included.")
        public Double selloutSeconds;
        @JsonPropertyDescription("soldOutAt minus firstSoldAt (the seed's sellout duration).")
        public Double sellingWindowSeconds;
        public Latency bookingLatencyMs;
        public Double throughputPerSecond;

        @Override
        public boolean equals(Object o) {
            return o instanceof Report r && Objects.equals(ticketsTotal, r.ticketsTotal)
                    && Objects.equals(ticketsSold, r.ticketsSold) && Objects.equals(bookingsAccepted, r.bookingsAccepted)
                    && Objects.equals(bookingsConfirmed, r.bookingsConfirmed) && Objects.equals(bookingsFailed, r.bookingsFailed)
                    && Objects.equals(bookingsCancelled, r.bookingsCancelled) && Objects.equals(bookingsExpired, r.bookingsExpired)
                    && Objects.equals(firstAcceptedAt, r.firstAcceptedAt)
                    && Objects.equals(firstSoldAt, r.firstSoldAt) && Objects.equals(soldOutAt, r.soldOutAt)
                    && Objects.equals(selloutSeconds, r.selloutSeconds)
                    && Objects.equals(sellingWindowSeconds, r.sellingWindowSeconds)
                    && Objects.equals(bookingLatencyMs, r.bookingLatencyMs)
                    && Objects.equals(throughputPerSecond, r.throughputPerSecond);
        }

        @Override
        public int hashCode() {
            return Objects.hash(ticketsTotal, ticketsSold, selloutSeconds);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    public static class Latency {
        public Double p50;
        public Double p95;
        public Double p99;
        public Double max;

        @Override
        public boolean equals(Object o) {
            return o instanceof Latency l && Objects.equals(p50, l.p50) && Objects.equals(p95, l.p95)
                    && Objects.equals(p99, l.p99) && Objects.equals(max, l.max);
        }

        @Override
        public int hashCode() {
            return Objects.hash(p50, p95, p99, max);
        }
    }
}
