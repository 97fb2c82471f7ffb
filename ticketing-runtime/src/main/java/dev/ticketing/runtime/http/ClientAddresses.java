package dev.ticketing.runtime.http;

import java.util.Optional;

/**
 * Who a request comes from, for per-client limits. Behind a load balancer or an ingress every connection comes from
 * the proxy, so a header the proxy sets ({@code HTTP_CLIENT_ADDRESS_HEADER}, e.g. {@code X-Forwarded-For}) can name
 * the client instead; its last entry is taken, the one our proxy appended, since earlier ones are the client's own
 * claims. Without the setting the header is ignored: a client must not pick its own identity.
 */
public final class ClientAddresses {

    private final Optional<String> trustedHeader;

    public ClientAddresses(Optional<String> trustedHeader) {
        this.trustedHeader = trustedHeader;
    }

    public String of(ApiRequest req) {
        return trustedHeader.flatMap(req::header).map(ClientAddresses::lastEntry).filter(a -> !a.isEmpty())
                .orElseGet(req::remoteAddress);
    }

    private static String lastEntry(String value) {
        return value.substring(value.lastIndexOf(',') + 1).strip();
    }
}
