package dev.ticketing.operator.sale;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which sale names Kubernetes, Kafka and the runtime can all live with. The tightest derived name is the init
 * Job's pod label {@code job-name=<sale>-init} (a label value: at most 63 characters) and the api Service
 * {@code <sale>-api} must be a DNS-1035 label; the CRD's CEL rule on {@code metadata.name} says the same.
 */
public final class SaleNames {

    /** 63 (a label value) minus "-init". */
    public static final int MAX_LENGTH = 58;
    /** DNS-1035 label: Service names must start with a letter. */
    public static final String PATTERN = "^[a-z]([-a-z0-9]*[a-z0-9])?$";
    public static final String RULE = "self.metadata.name.matches('" + PATTERN + "') && size(self.metadata.name) <= "
            + MAX_LENGTH;
    public static final String RULE_MESSAGE = "metadata.name must be at most " + MAX_LENGTH + " characters of lower-case "
            + "letters, digits and '-', starting with a letter and ending with a letter or digit: the sale's Job, "
            + "Service and pod labels are named after it";

    private static final Pattern NAME = Pattern.compile(PATTERN);

    private SaleNames() {
    }

    /** The same check for clusters that do not evaluate CEL rules, as a message for Degraded. */
    public static Optional<String> problem(String name) {
        if (name != null && name.length() <= MAX_LENGTH && NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.of("metadata.name '" + name + "' cannot be used: " + RULE_MESSAGE.substring("metadata.name ".length()));
    }
}
