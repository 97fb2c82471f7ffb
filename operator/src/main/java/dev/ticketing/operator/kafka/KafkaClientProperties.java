package dev.ticketing.operator.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.ticketing.operator.sale.TicketingSale;

/**
 * The KAFKA_CLIENT_* keys of a sale's Kafka credentials Secret, as client properties — read the same way the
 * runtime reads the same Secret as its environment (KAFKA_CLIENT_SASL_MECHANISM → sasl.mechanism).
 */
public final class KafkaClientProperties {

    private static final String PREFIX = "KAFKA_CLIENT_";

    private KafkaClientProperties() {
    }

    public static Map<String, String> of(TicketingSale sale, KubernetesClient client) {
        var ref = sale.getSpec().kafka.credentialsSecretRef;
        if (ref == null) {
            return Map.of();
        }
        Secret secret = client.resources(Secret.class).inNamespace(sale.getMetadata().getNamespace()).withName(ref.name).get();
        Map<String, String> props = new HashMap<>();
        if (secret != null && secret.getData() != null) {
            secret.getData().forEach((key, value) -> {
                if (key.startsWith(PREFIX)) {
                    props.put(key.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'),
                            new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8));
                }
            });
        }
        return props;
    }
}
