package dev.ticketing.operator.workflow;

import dev.ticketing.operator.config.OperatorSettings;

/**
 * The runtime image used when a sale names none. Dependents are created by the SDK with no-argument
 * constructors, so the operator's setting reaches them through this one place.
 */
public final class RuntimeImage {

    private static volatile String defaultImage = OperatorSettings.DEFAULT_IMAGE;

    private RuntimeImage() {
    }

    public static void setDefault(String image) {
        defaultImage = image;
    }

    public static String defaultImage() {
        return defaultImage;
    }
}
