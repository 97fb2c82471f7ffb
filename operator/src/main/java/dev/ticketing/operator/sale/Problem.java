package dev.ticketing.operator.sale;

/**
 * Something about a sale a person has to act on: one or two sentences, no stack trace. {@code blocking}
 * problems stop the operator from creating anything for the sale (what it would create would be invalid or
 * would leak a credential); the others are reported while the sale runs as well as it can.
 */
public record Problem(String reason, String message, boolean blocking) {

    public static Problem blocking(String reason, String message) {
        return new Problem(reason, message, true);
    }

    public static Problem warning(String reason, String message) {
        return new Problem(reason, message, false);
    }
}
