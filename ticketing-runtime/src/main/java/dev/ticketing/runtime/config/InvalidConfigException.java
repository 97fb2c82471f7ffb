package dev.ticketing.runtime.config;

/** A configuration value the process cannot start with; its message is shown to the operator as is. */
public final class InvalidConfigException extends RuntimeException {

    public InvalidConfigException(String message) {
        super(message);
    }
}
