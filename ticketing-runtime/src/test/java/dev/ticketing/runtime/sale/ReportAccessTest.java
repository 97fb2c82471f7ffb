package dev.ticketing.runtime.sale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.ticketing.runtime.http.ApiException;
import dev.ticketing.runtime.http.ApiRequest;

class ReportAccessTest {

    private static final String KEY = "a-signing-key-of-at-least-32-bytes-for-hs256";

    @Test
    void only_the_token_derived_from_the_sales_signing_key_opens_the_report() {
        ReportAccess access = ReportAccess.tokenDerivedFrom(KEY);
        String token = ReportAccess.tokenFor(KEY);
        assertThatCode(() -> access.check(request("Bearer " + token))).doesNotThrowAnyException();
        assertThatCode(() -> access.check(request("bearer " + token))).doesNotThrowAnyException();
        for (String refused : new String[] {null, "", token, "Bearer ", "Bearer " + token.toUpperCase(), "Basic " + token,
                "Bearer " + ReportAccess.tokenFor(KEY + "-other-sale")}) {
            assertThatThrownBy(() -> access.check(request(refused))).as(String.valueOf(refused))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(401);
                        assertThat(e.field()).isEqualTo("Authorization");
                    });
        }
    }

    @Test
    void tokens_are_url_safe_and_differ_per_signing_key() {
        assertThat(ReportAccess.tokenFor(KEY)).matches("[A-Za-z0-9_-]{43}").isEqualTo(ReportAccess.tokenFor(KEY))
                .isNotEqualTo(ReportAccess.tokenFor(KEY + "x"));
    }

    @Test
    void a_public_report_needs_no_token() {
        assertThatCode(() -> ReportAccess.publicReport().check(request(null))).doesNotThrowAnyException();
    }

    private static ApiRequest request(String authorization) {
        return new ApiRequest() {
            public String method() {
                return "GET";
            }

            public String path() {
                return "/api/v1/sales/demo/report";
            }

            public String pathParam(String name) {
                return "demo";
            }

            public Optional<String> header(String name) {
                return "Authorization".equalsIgnoreCase(name) ? Optional.ofNullable(authorization) : Optional.empty();
            }

            public Optional<String> queryParam(String name) {
                return Optional.empty();
            }

            public String remoteAddress() {
                return "127.0.0.1";
            }

            public InputStream body() {
                return InputStream.nullInputStream();
            }
        };
    }
}
