package dev.ticketing.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.ticketing.operator.sale.TicketingSale;
import dev.ticketing.operator.sale.TicketingSaleSpec;
import dev.ticketing.operator.sale.TicketingSaleStatus;

/**
 * The CRD's {@code x-kubernetes-validations}, evaluated with CEL as the API server evaluates them (the mock server
 * the operator tests use evaluates none): what {@code kubectl apply} accepts and refuses, transition rules included.
 */
class CrdRulesTest {

    record Rule(String path, String rule, String message) {
    }

    static final List<Rule> RULES = rules();

    @Test
    void every_rule_compiles() throws Exception {
        assertThat(RULES).extracting(Rule::path).contains("", "spec", "spec.kafka.partitions", "spec.postgres.jdbcUrl",
                "spec.redis.url", "spec.seating.sections");
        for (Rule rule : RULES) {
            CelRules.compile(rule.rule());
            assertThat(rule.message()).as("rule %s explains itself", rule.rule()).isNotBlank();
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "night-1, true", "a, true", "concert-2026-12-01, true",
            "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn, true",
            "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn, false",
            "night.1, false", "1night, false", "night-, false", "Night, false"})
    void a_sale_name_must_make_valid_object_names(String name, boolean accepted) throws Exception {
        assertThat(validAt("", sale(name, 0), null)).isEqualTo(accepted);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a new price with bookings          | 40 | price    | true",
            "a new shape with bookings          | 40 | rows     | false",
            "more subsections with bookings     | 40 | subsections | false",
            "another section with bookings      | 40 | section  | false",
            "a new shape before any booking     | 0  | rows     | true",
            "a new shape without any report     | -1 | rows     | true"})
    void the_plans_shape_is_frozen_once_bookings_exist(String name, long bookings, String change, boolean accepted)
            throws Exception {
        TicketingSale before = sale("night-1", bookings);
        TicketingSale after = sale("night-1", bookings);
        switch (change) {
            case "price" -> after.getSpec().seating.sections.getFirst().price = 9_999;
            case "rows" -> after.getSpec().seating.rows = 3;
            case "subsections" -> after.getSpec().seating.sections.getFirst().subsections = 11;
            default -> {
                var extra = new dev.ticketing.operator.sale.TicketingSaleSpec.Section();
                extra.name = "K";
                extra.price = 100;
                extra.subsections = 1;
                after.getSpec().seating.sections.add(extra);
            }
        }
        assertThat(validAt("", after, before)).isEqualTo(accepted);
        assertThat(validAt("", after, null)).as("on create every shape is fine").isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "spec.kafka.partitions | 64 | 60 | false",
            "spec.kafka.partitions | 64 | 64 | true",
            "spec.kafka.partitions | 64 | 128 | true"})
    void partitions_only_grow(String path, int before, int after, boolean accepted) throws Exception {
        assertThat(validAt(path, after, before)).isEqualTo(accepted);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "spec.postgres.jdbcUrl | jdbc:postgresql://db.data.svc:5432/ticketing                      | true",
            "spec.postgres.jdbcUrl | jdbc:postgresql://db:5432/ticketing?sslmode=require&user=app     | true",
            "spec.postgres.jdbcUrl | jdbc:postgresql://db:5432/ticketing?user=app&password=hunter2    | false",
            "spec.postgres.jdbcUrl | jdbc:postgresql://db:5432/ticketing?PASSWORD=hunter2             | false",
            "spec.postgres.jdbcUrl | jdbc:postgresql://app:hunter2@db:5432/ticketing                  | false",
            "spec.redis.url        | redis://redis.data.svc:6379                                       | true",
            "spec.redis.url        | redis://:hunter2@redis.data.svc:6379                              | false",
            "spec.redis.url        | rediss://app:hunter2@redis.data.svc:6380                          | false"})
    void credentials_never_travel_in_a_url(String path, String url, boolean accepted) throws Exception {
        assertThat(validAt(path, url, null)).isEqualTo(accepted);
        var sale = sale("night-1", 0);
        if (path.endsWith("jdbcUrl")) {
            sale.getSpec().postgres.jdbcUrl = url;
        } else {
            sale.getSpec().redis.url = url;
        }
        boolean blocked = dev.ticketing.operator.sale.SaleProblems.of(sale, secret -> true).stream()
                .anyMatch(dev.ticketing.operator.sale.Problem::blocking);
        assertThat(blocked).as("the operator's own check, for clusters without CEL, agrees").isEqualTo(!accepted);
    }

    @Test
    void the_sale_closes_after_it_opens_and_section_names_are_unique() throws Exception {
        var sale = sale("night-1", 0);
        sale.getSpec().opensAt = "2026-12-01T20:00:00Z";
        sale.getSpec().closesAt = "2026-12-01T19:00:00+01:00";
        assertThat(validAt("spec", tree(sale.getSpec()), null)).isFalse();
        sale.getSpec().closesAt = "2026-12-01T22:00:00+01:00";
        assertThat(validAt("spec", tree(sale.getSpec()), null)).isTrue();
        sale.getSpec().seating.sections.get(1).name = "A";
        assertThat(validAt("spec.seating.sections", tree(sale.getSpec().seating.sections), null)).isFalse();
    }

    @Test
    void a_buyer_may_hold_at_least_one_bookings_worth_unless_unlimited() throws Exception {
        var sale = sale("night-1", 0);
        sale.getSpec().maxTicketsPerBooking = 6;
        sale.getSpec().limits = new TicketingSaleSpec.Limits();
        sale.getSpec().limits.maxTicketsPerBuyer = 4;
        assertThat(validAt("spec", tree(sale.getSpec()), null)).isFalse();
        sale.getSpec().limits.maxTicketsPerBuyer = 6;
        assertThat(validAt("spec", tree(sale.getSpec()), null)).isTrue();
        sale.getSpec().limits.maxTicketsPerBuyer = 0;
        assertThat(validAt("spec", tree(sale.getSpec()), null)).as("0: no limit").isTrue();
        sale.getSpec().limits = null;
        assertThat(validAt("spec", tree(sale.getSpec()), null)).isTrue();
    }

    /** Whether every rule at the schema path accepts the value (converted as the API server sees it). */
    static boolean validAt(String path, Object self, Object oldSelf) throws Exception {
        List<Rule> here = RULES.stream().filter(r -> r.path().equals(path)).toList();
        assertThat(here).as("rules at %s", path).isNotEmpty();
        for (Rule rule : here) {
            if (!CelRules.evaluate(rule.rule(), tree(self), oldSelf == null ? null : tree(oldSelf))) {
                return false;
            }
        }
        return true;
    }

    static Object tree(Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return Serialization.jsonMapper().convertValue(value, Object.class);
    }

    /** The seed sale, and when {@code bookings} ≥ 0 a status whose report says so. */
    static TicketingSale sale(String name, long bookings) {
        TicketingSale sale = Serialization.unmarshal(read("examples/seed-1000.yaml"), TicketingSale.class);
        sale.getMetadata().setName(name);
        if (bookings >= 0) {
            sale.setStatus(new TicketingSaleStatus());
            sale.getStatus().report = new TicketingSaleStatus.Report();
            sale.getStatus().report.bookingsAccepted = bookings;
        }
        return sale;
    }

    private static List<Rule> rules() {
        JsonNode crd = Serialization.unmarshal(read("ticketingsales.ticketing.dev-v1.yml"), JsonNode.class);
        List<Rule> rules = new ArrayList<>();
        collect(crd.at("/spec/versions/0/schema/openAPIV3Schema"), "", rules);
        return rules;
    }

    private static void collect(JsonNode schema, String path, List<Rule> rules) {
        schema.path("x-kubernetes-validations").forEach(v -> rules.add(new Rule(path, v.path("rule").asText(),
                v.path("message").asText())));
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            collect(property.getValue(), path.isEmpty() ? property.getKey() : path + "." + property.getKey(), rules);
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(java.nio.file.Path.of("..", "crds").resolve(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
