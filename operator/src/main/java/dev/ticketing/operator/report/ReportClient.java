package dev.ticketing.operator.report;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import io.fabric8.kubernetes.client.utils.Serialization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ticketing.operator.resources.SaleResources;
import dev.ticketing.operator.sale.TicketingSale;
import dev.ticketing.operator.sale.TicketingSaleStatus;

/**
 * Reads a sale's report from its runtime, through the api Service. The base URL is a template so the
 * operator can also run outside the cluster (and tests can serve a report): {name} and {namespace}
 * are replaced; the default is the in-cluster Service address.
 */
public final class ReportClient {

    public static final String DEFAULT_TEMPLATE = "http://{name}.{namespace}.svc:" + 8080;
    private static final Logger LOG = LoggerFactory.getLogger(ReportClient.class);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String template;

    public ReportClient(String template) {
        this.template = template;
    }

    /**
     * Empty when the runtime cannot be reached or answers badly: the last report in status stands.
     *
     * @param token the sale's report token (see {@link ReportToken}); without it the runtime answers 401
     */
    public Optional<TicketingSaleStatus.Report> fetch(TicketingSale sale, Optional<String> token) {
        String name = sale.getMetadata().getName();
        String base = template.replace("{name}", SaleResources.apiName(name))
                .replace("{namespace}", sale.getMetadata().getNamespace());
        URI uri = URI.create(base + "/api/v1/sales/" + name + "/report");
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).GET();
            token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401 && token.isPresent()) {
                LOG.warn("the runtime refused the report token sale={}/{}; was the auth Secret {} replaced while pods run?",
                        sale.getMetadata().getNamespace(), name, SaleResources.authSecretName(name));
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                LOG.debug("report unavailable sale={} status={}", name, response.statusCode());
                return Optional.empty();
            }
            return Optional.of(Serialization.unmarshal(response.body(), TicketingSaleStatus.Report.class));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debug("report unavailable sale={} error={}", name, e.toString());
            return Optional.empty();
        }
    }
}
