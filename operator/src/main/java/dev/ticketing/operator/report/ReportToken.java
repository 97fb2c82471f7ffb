package dev.ticketing.operator.report;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.fabric8.kubernetes.api.model.Secret;

import dev.ticketing.operator.resources.SaleResources;

/**
 * The token that opens a sale's report: the runtime derives it from the buyer-token signing key in the sale's auth
 * Secret (its {@code ReportAccess}), and so does the operator. A contract test in e2e keeps the two in step.
 */
public final class ReportToken {

    static final String DERIVATION_LABEL = "ticketing-report-v1";

    private ReportToken() {
    }

    /** From the sale's auth Secret among the given ones; empty until that Secret exists with its key. */
    public static Optional<String> of(String sale, Collection<Secret> secrets) {
        String name = SaleResources.authSecretName(sale);
        return secrets.stream()
                .filter(secret -> name.equals(secret.getMetadata().getName()) && secret.getData() != null)
                .map(secret -> secret.getData().get("token"))
                .filter(encoded -> encoded != null && !encoded.isEmpty())
                .findFirst()
                .map(encoded -> derive(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8)));
    }

    /** base64url (no padding) of HMAC-SHA256(signing key, {@value #DERIVATION_LABEL}). */
    public static String derive(String signingKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(DERIVATION_LABEL.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
