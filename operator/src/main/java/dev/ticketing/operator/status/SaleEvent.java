package dev.ticketing.operator.status;

/** One thing worth telling a person about a sale, as a Kubernetes Event: a stable reason and a short message. */
public record SaleEvent(String type, String reason, String message) {

    public static SaleEvent normal(String reason, String message) {
        return new SaleEvent("Normal", reason, message);
    }

    public static SaleEvent warning(String reason, String message) {
        return new SaleEvent("Warning", reason, message);
    }
}
