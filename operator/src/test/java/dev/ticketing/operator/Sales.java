package dev.ticketing.operator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.fabric8.kubernetes.client.utils.Serialization;

import dev.ticketing.operator.sale.TicketingSale;

/** Test sales, from the checked-in examples users start from. */
final class Sales {

    static final Path CRDS = Path.of("..", "crds");

    private Sales() {
    }

    static TicketingSale example(String file) {
        try (InputStream in = Files.newInputStream(CRDS.resolve("examples").resolve(file))) {
            return Serialization.unmarshal(in, TicketingSale.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TicketingSale seed(String namespace, String name) {
        TicketingSale sale = example("seed-1000.yaml");
        sale.getMetadata().setNamespace(namespace);
        sale.getMetadata().setName(name);
        sale.getSpec().opensAt = null;
        sale.getSpec().closesAt = null;
        return sale;
    }

    /** The seed sale pointed at the JVM's shared Kafka, for tests where the operator manages its topic. */
    static TicketingSale seedOnTestKafka(String namespace, String name) {
        TicketingSale sale = seed(namespace, name);
        sale.getSpec().kafka.bootstrapServers = dev.ticketing.services.SharedServices.kafkaBootstrapServers();
        return sale;
    }
}
