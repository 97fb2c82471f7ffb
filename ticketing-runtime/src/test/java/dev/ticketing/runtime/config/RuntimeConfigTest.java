package dev.ticketing.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuntimeConfigTest {

    private static RuntimeConfig config(Map<String, String> vars) {
        Map<String, String> env = new HashMap<>(Map.of("SALE_NAME", "concert-night-1"));
        env.putAll(vars);
        return RuntimeConfig.from(new Env(env));
    }

    @Test
    void names_follow_the_design_from_namespace_and_sale() {
        RuntimeConfig c = config(Map.of("SALE_NAMESPACE", "sales"));
        assertThat(c.commandsTopic()).isEqualTo("ticketing.sales.concert-night-1.commands");
        assertThat(c.dlqTopic()).isEqualTo("ticketing.sales.concert-night-1.commands.dlq");
        assertThat(c.consumerGroup()).isEqualTo("ticketing.sales.concert-night-1");
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.kafkaClientProperties()).isEmpty();
        assertThat(c.publicReport()).as("the report is not public by default").isFalse();
        assertThat(config(Map.of("REPORT_ACCESS", "public")).publicReport()).isTrue();
    }

    @Test
    void kafka_client_variables_become_client_properties() {
        RuntimeConfig c = config(Map.of("KAFKA_CLIENT_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL"));
        assertThat(c.kafkaClientProperties()).containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("security.protocol", "SASL_SSL");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "SALE_NAME                   | Bad_Name        | SALE_NAME must be a DNS label",
            "SALE_NAMESPACE              | -x              | SALE_NAMESPACE must be a DNS label",
            "HTTP_PORT                   | eighty          | HTTP_PORT must be an integer",
            "HTTP_PORT                   | 70000           | HTTP_PORT must be between",
            "REDIS_URL                   | http://x:1      | REDIS_URL must be a URL with scheme redis",
            "AUTH_TOKEN_SECRET           | short           | at least 32 bytes",
            "REPORT_ACCESS               | open            | REPORT_ACCESS must be one of",
            "OTEL_EXPORTER_OTLP_PROTOCOL | thrift          | OTEL_EXPORTER_OTLP_PROTOCOL must be one of",
            "KAFKA_ACK_TIMEOUT_MS        | 10              | KAFKA_ACK_TIMEOUT_MS must be between",
            "SALE_OPENS_AT               | tomorrow 8pm    | SALE_OPENS_AT must be an RFC 3339 time",
            "SALE_CLOSES_AT              | 2026-12-01 20:00| SALE_CLOSES_AT must be an RFC 3339 time"})
    void an_invalid_value_stops_startup_with_one_clear_message(String name, String value, String message) {
        assertThatThrownBy(() -> config(Map.of(name, value))).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(message);
    }

    @Test
    void per_address_limits_are_on_by_default_only_where_the_clients_address_is_known() {
        RuntimeConfig direct = config(Map.of());
        assertThat(direct.authLimits().loginsPerMinutePerAddress()).as("behind a proxy everyone is the proxy").isZero();
        assertThat(direct.authLimits().registrationsPerMinutePerAddress()).isZero();
        assertThat(direct.authLimits().loginsPerMinutePerAccount()).isEqualTo(10);

        RuntimeConfig proxied = config(Map.of("HTTP_CLIENT_ADDRESS_HEADER", "X-Forwarded-For"));
        assertThat(proxied.authLimits().loginsPerMinutePerAddress()).isEqualTo(60);
        assertThat(proxied.authLimits().registrationsPerMinutePerAddress()).isEqualTo(20);
        assertThat(config(Map.of("AUTH_LOGINS_PER_MINUTE_PER_ADDRESS", "5")).authLimits().loginsPerMinutePerAddress())
                .as("set explicitly: on for the connection's peer").isEqualTo(5);
    }

    @Test
    void the_sale_window_comes_from_rfc_3339_times_and_must_close_after_it_opens() {
        RuntimeConfig c = config(Map.of("SALE_OPENS_AT", "2026-12-01T20:00:00+01:00", "SALE_CLOSES_AT", "2026-12-01T23:00:00Z"));
        assertThat(c.window().opensAt()).isEqualTo(java.time.Instant.parse("2026-12-01T19:00:00Z"));
        assertThat(config(Map.of()).window()).isEqualTo(dev.ticketing.runtime.sale.SaleWindow.ALWAYS_OPEN);
        assertThatThrownBy(() -> config(Map.of("SALE_OPENS_AT", "2026-12-01T20:00:00Z", "SALE_CLOSES_AT", "2026-12-01T20:00:00Z")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("SALE_CLOSES_AT must be after SALE_OPENS_AT");
    }

    @Test
    void the_api_refuses_to_start_without_a_token_secret() {
        assertThatThrownBy(() -> config(Map.of()).requireTokenSecret()).hasMessageContaining("AUTH_TOKEN_SECRET is required");
        assertThatThrownBy(() -> RuntimeConfig.from(new Env(Map.of()))).hasMessageContaining("SALE_NAME is required");
    }
}
