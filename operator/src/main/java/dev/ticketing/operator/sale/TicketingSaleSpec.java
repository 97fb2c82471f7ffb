package dev.ticketing.operator.sale;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;

/**
 * What an organiser writes. Plain data as the API server stores it; defaults and constraints here are
 * what the generated CRD schema enforces, so {@code kubectl explain tsale.spec} reads from them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.opensAt) || !has(self.closesAt) || timestamp(self.opensAt) < timestamp(self.closesAt)",
        message = "closesAt must be after opensAt")
@ValidationRule(value = TicketingSaleSpec.BUYER_LIMIT_RULE,
        message = "limits.maxTicketsPerBuyer must be 0 (no limit) or at least maxTicketsPerBooking")
public class TicketingSaleSpec {

    static final String BUYER_LIMIT_RULE = "!has(self.limits) || !has(self.limits.maxTicketsPerBuyer) "
            + "|| self.limits.maxTicketsPerBuyer == 0 || self.limits.maxTicketsPerBuyer >= self.maxTicketsPerBooking";

    static final String RFC_3339 = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$";

    @JsonPropertyDescription("Name shown to buyers, e.g. \"Arena, night 1\".")
    public String displayName;

    @JsonPropertyDescription("When the sale opens (RFC 3339). Before it the phase is Scheduled and consumers are pre-warmed.")
    @Pattern(RFC_3339)
    public String opensAt;

    @JsonPropertyDescription("When the sale closes (RFC 3339). After it the phase is Closed.")
    @Pattern(RFC_3339)
    public String closesAt;

    @Required
    @JsonPropertyDescription("The seating plan: sections of identical subsections, each a grid of rows x seatsPerRow seats.")
    public Seating seating;

    @Min(1)
    @Max(10)
    @Default("4")
    @JsonPropertyDescription("Most seats one booking may take (1-10).")
    public Integer maxTicketsPerBooking = 4;

    @Min(10)
    @Max(604800)
    @Default("600")
    @JsonPropertyDescription("Seconds booked seats are held for payment; an unpaid booking then expires and its seats go "
            + "back on sale.")
    public Integer holdSeconds = 600;

    // Defaulted as a whole, so a sale without the field still gets (and shows) the per-buyer limits.
    @Default("{}")
    @JsonPropertyDescription("What one buyer may do: a fair sale for people, not for scripts.")
    public Limits limits;

    @Required
    @JsonPropertyDescription("The Kafka cluster that carries the sale's booking commands.")
    public Kafka kafka;

    @Required
    @JsonPropertyDescription("The Redis-compatible store that holds the fast seat map.")
    public Redis redis;

    @Required
    @JsonPropertyDescription("The PostgreSQL database that holds bookings (the source of truth).")
    public Postgres postgres;

    // Defaulted down to runtime.consumer.replicas: the scale subresource (kubectl scale, HPA, KEDA) needs a value there.
    @Default("{}")
    @JsonPropertyDescription("The ticketing runtime: image and resources of its api and consumer pods.")
    public Runtime runtime;

    @JsonPropertyDescription("How consumers scale on Kafka lag.")
    public Autoscaling autoscaling;

    @JsonPropertyDescription("OpenTelemetry tracing of the runtime.")
    public Tracing tracing;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Limits {
        private static final int MAX_TICKETS_PER_BUYER = 8;
        private static final int BOOKING_REQUESTS_PER_MINUTE = 30;

        @Min(0)
        @Max(10000)
        @Default("8")
        @JsonPropertyDescription("Most tickets one buyer may hold at once across the whole sale (held or paid; 0: no limit). "
                + "Enforced where seats are taken, so concurrent bookings cannot go past it; a refused booking fails with "
                + "buyer_limit.")
        public Integer maxTicketsPerBuyer = MAX_TICKETS_PER_BUYER;

        @Min(0)
        @Max(100000)
        @Default("30")
        @JsonPropertyDescription("Booking requests one buyer may send per minute, per API replica (0: no limit); past it 429.")
        public Integer bookingRequestsPerMinute = BOOKING_REQUESTS_PER_MINUTE;

        @Pattern("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
        @JsonPropertyDescription("A header your ingress or proxy sets with the client's address, e.g. X-Forwarded-For (its "
                + "last entry is used). Turns on per-address login and registration limits; without it every buyer "
                + "seems to come from the proxy, so they stay off. Set it only if the proxy writes the header.")
        public String clientAddressHeader;

        /** The limits of a spec, defaults filled in where the API server has not (a spec read before the field existed). */
        public static Limits of(TicketingSaleSpec spec) {
            Limits limits = new Limits();
            if (spec.limits != null) {
                limits.maxTicketsPerBuyer = spec.limits.maxTicketsPerBuyer == null ? MAX_TICKETS_PER_BUYER : spec.limits.maxTicketsPerBuyer;
                limits.bookingRequestsPerMinute = spec.limits.bookingRequestsPerMinute == null ? BOOKING_REQUESTS_PER_MINUTE
                        : spec.limits.bookingRequestsPerMinute;
                limits.clientAddressHeader = spec.limits.clientAddressHeader;
            }
            return limits;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Seating {
        @Required
        @Min(1)
        @Max(100)
        @JsonPropertyDescription("Rows in every subsection.")
        public Integer rows;

        @Required
        @Min(1)
        @Max(100)
        @JsonPropertyDescription("Seats in every row.")
        public Integer seatsPerRow;

        @Required
        @Size(min = 1, max = 26)
        @JsonPropertyDescription("Sections, each with its price and number of subsections; names A..Z, unique.")
        @ValidationRule(value = "self.all(x, self.exists_one(y, y.name == x.name))", message = "section names must be unique")
        public List<Section> sections;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Section {
        @Required
        @Pattern("^[A-Z]$")
        @JsonPropertyDescription("One capital letter, A..Z.")
        public String name;

        @Required
        @Min(0)
        @JsonPropertyDescription("Price of one seat, in the smallest currency unit.")
        public Integer price;

        @Required
        @Min(1)
        @Max(1000)
        @JsonPropertyDescription("Number of subsections (each rows x seatsPerRow seats).")
        public Integer subsections;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Kafka {
        @Required
        @Pattern("^[^,\\s]+(,[^,\\s]+)*$")
        @JsonPropertyDescription("Bootstrap servers, host:port[,host:port...].")
        public String bootstrapServers;

        @Min(1)
        @Max(10000)
        @Default("64")
        @ValidationRule(value = "self >= oldSelf", message = "kafka.partitions can only grow: a topic never loses partitions "
                + "(a subsection's commands must stay in one partition, in order)")
        @JsonPropertyDescription("Partitions of the commands topic; at least autoscaling.maxReplicas. Only ever increased.")
        public Integer partitions = 64;

        @Default("Retain")
        @io.fabric8.generator.annotation.Pattern("^(Retain|Delete)$")
        @JsonPropertyDescription("What happens to the topics when the sale is deleted: Retain (default) or Delete.")
        public String topicDeletionPolicy = "Retain";

        @JsonPropertyDescription("Secret whose keys become the runtime's environment, e.g. KAFKA_CLIENT_SASL_JAAS_CONFIG.")
        public SecretRef credentialsSecretRef;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Redis {
        @Required
        @Pattern("^rediss?://.+")
        @ValidationRule(value = SaleProblems.REDIS_RULE, message = SaleProblems.REDIS_RULE_MESSAGE)
        @JsonPropertyDescription("redis:// or rediss:// URL, without a user or password.")
        public String url;

        @JsonPropertyDescription("Secret key holding the Redis password.")
        public SecretKeyRef passwordSecretRef;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Postgres {
        @Required
        @Pattern("^jdbc:postgresql://.+")
        @ValidationRule(value = SaleProblems.JDBC_RULE, message = SaleProblems.JDBC_RULE_MESSAGE)
        @JsonPropertyDescription("JDBC URL without credentials, e.g. jdbc:postgresql://postgres.data.svc:5432/ticketing.")
        public String jdbcUrl;

        @Required
        @JsonPropertyDescription("Secret with keys username and password.")
        public SecretRef credentialsSecretRef;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SecretRef {
        @Required
        @JsonPropertyDescription("Name of a Secret in the sale's namespace.")
        public String name;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SecretKeyRef {
        @Required
        @JsonPropertyDescription("Name of a Secret in the sale's namespace.")
        public String name;

        @Default("password")
        @JsonPropertyDescription("Key in the Secret.")
        public String key = "password";
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Runtime {
        @JsonPropertyDescription("Runtime image; defaults to the operator's configured image.")
        public String image;

        @JsonPropertyDescription("The api Deployment.")
        public Api api;

        @Default("{}")
        @JsonPropertyDescription("The consumer Deployment (replicas are the autoscaler's unless autoscaling.mode is paused).")
        public Consumer consumer;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Api {
        @Min(0)
        @Default("2")
        @JsonPropertyDescription("Replicas of the api Deployment.")
        public Integer replicas = 2;

        @JsonPropertyDescription("Resources of an api pod.")
        public ResourceRequirements resources;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Consumer {
        /** Measured by make bench: at a few hundred millicores, C2 compiling competes with a sale's first batches. */
        public static final String DEFAULT_JVM_OPTIONS = "-XX:TieredStopAtLevel=1";

        @Min(0)
        @Default("1")
        @SpecReplicas
        @JsonPropertyDescription("Consumer replicas in autoscaling mode paused: what `kubectl scale tsale/<name>`, an HPA or a KEDA "
                + "ScaledObject set through the scale subresource. In modes auto and recommend the autoscaler's decision "
                + "stands and a changed value is reported in an Event.")
        public Integer replicas;

        @JsonPropertyDescription("Resources of a consumer pod (default requests cpu 100m/memory 128Mi, limits cpu 1/memory 512Mi: "
                + "cheap to schedule, and a JVM that bursts when the node has room joins and sells sooner). A partial block "
                + "is completed from the defaults.")
        public ResourceRequirements resources;

        @Default(DEFAULT_JVM_OPTIONS)
        @JsonPropertyDescription("JVM options of a consumer pod (JDK_JAVA_OPTIONS); empty for the JVM's defaults. The default "
                + "compiles with C1 only: a cold consumer at a few hundred millicores decides a spike's first bookings sooner.")
        public String jvmOptions = DEFAULT_JVM_OPTIONS;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Autoscaling {
        @Default("auto")
        @Pattern("^(auto|recommend|paused)$")
        @JsonPropertyDescription("auto: scale; recommend: only report the decision; paused: leave replicas alone.")
        public String mode = "auto";

        @Min(0)
        @Default("1")
        @JsonPropertyDescription("Fewest consumers.")
        public Integer minReplicas = 1;

        @Min(1)
        @Default("50")
        @JsonPropertyDescription("Most consumers; at most kafka.partitions.")
        public Integer maxReplicas = 50;

        @Min(1)
        @Default("20")
        @JsonPropertyDescription("Target lag (messages) per consumer.")
        public Integer lagThreshold = 20;

        @Min(0)
        @Default("0")
        @JsonPropertyDescription("Total lag above which scaling from minReplicas starts.")
        public Integer activationLagThreshold = 0;

        @Min(1)
        @Default("5")
        @JsonPropertyDescription("Seconds in which the current lag should be worked off.")
        public Integer catchUpSeconds = 5;

        @Min(0)
        @Default("0")
        @JsonPropertyDescription("Seconds a higher recommendation must hold before scaling up.")
        public Integer scaleUpStabilizationSeconds = 0;

        @Min(0)
        @Default("60")
        @JsonPropertyDescription("Seconds a lower recommendation must hold before scaling down.")
        public Integer scaleDownStabilizationSeconds = 60;

        @JsonPropertyDescription("Consumers to start before opensAt.")
        public Prewarm prewarm;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Prewarm {
        @Min(0)
        @JsonPropertyDescription("Consumers running from leadSeconds before opensAt.")
        public Integer replicas;

        @Min(0)
        @Default("60")
        @JsonPropertyDescription("Seconds before opensAt to start them.")
        public Integer leadSeconds = 60;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Tracing {
        @JsonPropertyDescription("OTLP endpoint (http/protobuf), e.g. http://otel-collector.observability:4318; empty disables tracing.")
        public String otlpEndpoint;
    }
}
