package dev.ticketing.runtime.sale;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.ticketing.runtime.http.ApiException;
import dev.ticketing.runtime.http.ApiRequest;

/**
 * Who may read the sale report: by default only holders of the sale's report token (the operator), because the
 * report is an expensive query and business data, not something for the public internet.
 *
 * <p>The token is derived from the buyer-token signing key (HMAC-SHA256 of {@link #DERIVATION_LABEL}), so the
 * operator, which created that key, can compute it without another Secret, and a buyer token can never be one.
 * The operator's {@code ReportToken} computes the same; a contract test in e2e keeps the two in step.
 */
public final class ReportAccess {

    public static final String DERIVATION_LABEL = "ticketing-report-v1";

    private final Optional<byte[]> token;

    private ReportAccess(Optional<byte[]> token) {
        this.token = token;
    }

    public static ReportAccess publicReport() {
        return new ReportAccess(Optional.empty());
    }

    public static ReportAccess tokenDerivedFrom(String signingKey) {
        return new ReportAccess(Optional.of(tokenFor(signingKey).getBytes(StandardCharsets.US_ASCII)));
    }

    /** base64url (no padding) of HMAC-SHA256(signing key, {@value #DERIVATION_LABEL}). */
    public static String tokenFor(String signingKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(DERIVATION_LABEL.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Throws a 401 naming the Authorization header unless the request may read the report. */
    public void check(ApiRequest req) {
        if (token.isEmpty()) {
            return;
        }
        String header = req.header("Authorization").orElse("");
        byte[] presented = header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).strip().getBytes(StandardCharsets.US_ASCII) : new byte[0];
        if (!MessageDigest.isEqual(presented, token.get())) {
            throw new ApiException(401, "unauthorized", "the sale report needs the sale's report token "
                    + "(Authorization: Bearer <report token>); buyer tokens do not open it", "Authorization");
        }
    }
}
