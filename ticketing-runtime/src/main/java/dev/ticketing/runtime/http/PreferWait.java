package dev.ticketing.runtime.http;

import java.time.Duration;
import java.util.Optional;

/**
 * The {@code wait} preference of RFC 7240 ({@code Prefer: wait=5}): how long a client would rather wait for the final
 * answer than get 202 and follow up. Preferences are hints, so a malformed one is ignored, never an error; the wait
 * is capped at {@link #MAX}, beyond which a held request costs more than the follow-up it saves.
 */
public final class PreferWait {

    public static final Duration MAX = Duration.ofSeconds(10);

    private PreferWait() {
    }

    public static Optional<Duration> of(Optional<String> prefer) {
        if (prefer.isEmpty()) {
            return Optional.empty();
        }
        for (String preference : prefer.get().split(",")) {
            String[] nameAndValue = preference.split(";", 2)[0].split("=", 2);
            if (nameAndValue.length != 2 || !nameAndValue[0].strip().equalsIgnoreCase("wait")) {
                continue;
            }
            String value = nameAndValue[1].strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            long seconds = Math.min(Long.parseLong(value), MAX.toSeconds());
            return seconds == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        }
        return Optional.empty();
    }
}
