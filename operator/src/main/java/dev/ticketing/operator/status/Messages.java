package dev.ticketing.operator.status;

import io.javaoperatorsdk.operator.AggregatedOperatorException;

/** Failures as a person reads them in a condition or an Event: one line, no stack trace, no exception class names. */
public final class Messages {

    static final int MAX_LENGTH = 400;

    private Messages() {
    }

    /** The most telling message of a failure: ours (IllegalStateException) where there is one, else the root cause's. */
    public static String brief(Throwable error) {
        Throwable t = error;
        while (!(t instanceof IllegalStateException)) {
            if (t instanceof AggregatedOperatorException aggregated && !aggregated.getAggregatedExceptions().isEmpty()) {
                t = aggregated.getAggregatedExceptions().values().iterator().next();
            } else if (t.getCause() != null && t.getCause() != t) {
                t = t.getCause();
            } else {
                break;
            }
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        message = message.lines().findFirst().orElse("").strip();
        if (message.length() > MAX_LENGTH) {
            message = message.substring(0, MAX_LENGTH - 1) + "…";
        }
        return message.endsWith(".") ? message : message + ".";
    }
}
