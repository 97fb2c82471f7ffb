package dev.ticketing.operator.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;

class ReportTokenTest {

    private static final String KEY = "a-signing-key-of-at-least-32-bytes-for-hs256";

    @Test
    void the_token_comes_from_the_sales_own_auth_secret_only() {
        Secret auth = secret("night-1-auth", Map.of("token", base64(KEY)));
        assertThat(ReportToken.of("night-1", List.of(secret("db-credentials", null), auth)))
                .hasValue(ReportToken.derive(KEY)).get().asString().matches("[A-Za-z0-9_-]{43}");
        assertThat(ReportToken.of("night-2", List.of(auth))).as("another sale's key").isEmpty();
        assertThat(ReportToken.of("night-1", List.of(secret("night-1-auth", null)))).as("metadata only").isEmpty();
        assertThat(ReportToken.of("night-1", List.of(secret("night-1-auth", Map.of("other", base64(KEY)))))).isEmpty();
        assertThat(ReportToken.derive(KEY)).isNotEqualTo(ReportToken.derive(KEY + "x"));
    }

    private static Secret secret(String name, Map<String, String> data) {
        return new SecretBuilder().withNewMetadata().withName(name).endMetadata().withData(data).build();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
