package dev.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;

import dev.ticketing.operator.report.ReportToken;
import dev.ticketing.runtime.sale.ReportAccess;

/** The operator opens the report with a token it derives; the runtime must derive the very same one. */
class ReportTokenContractTest {

    @Test
    void operator_and_runtime_derive_the_same_report_token_from_a_sales_signing_key() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 50; i++) {
            byte[] key = new byte[48];
            random.nextBytes(key);
            // As the operator's AuthSecretDependent creates it: base64url text, stored base64-encoded in the Secret.
            String signingKey = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
            var secret = new SecretBuilder().withNewMetadata().withName("night-1-auth").endMetadata()
                    .withData(Map.of("token", Base64.getEncoder().encodeToString(signingKey.getBytes(StandardCharsets.UTF_8))))
                    .build();
            assertThat(ReportToken.of("night-1", List.of(secret))).hasValue(ReportAccess.tokenFor(signingKey));
        }
        assertThat(ReportToken.derive("ünïcode-key-of-at-least-32-bytes-long"))
                .isEqualTo(ReportAccess.tokenFor("ünïcode-key-of-at-least-32-bytes-long"));
    }
}
