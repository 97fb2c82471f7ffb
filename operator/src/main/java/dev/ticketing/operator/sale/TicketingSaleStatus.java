package dev.ticketing.operator.sale;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;

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

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Consumers {
        public Integer replicas;
        public Integer desiredReplicas;
        public Long lag;
        public String lastScaleTime;
        public String lastDecision;

        @Override
        public boolean equals(Object o) {
            return o instanceof Consumers c && Objects.equals(replicas, c.replicas)
                    && Objects.equals(desiredReplicas, c.desiredReplicas) && Objects.equals(lag, c.lag)
                    && Objects.equals(lastScaleTime, c.lastScaleTime) && Objects.equals(lastDecision, c.lastDecision);
        }

        @Override
        public int hashCode() {
            return Objects.hash(replicas, desiredReplicas, lag, lastScaleTime, lastDecision);
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
