package dev.ticketing.operator.crd;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The parts of the API server's structural-schema validation our CRD uses — types, required, enum, pattern,
 * minimum/maximum, minItems/maxItems — so a manifest can be checked without a cluster. (CEL rules: {@link CelRules}.)
 */
final class OpenApiSchema {

    private OpenApiSchema() {
    }

    static List<String> validate(JsonNode schema, JsonNode value) {
        List<String> errors = new ArrayList<>();
        check(schema, value, "", errors);
        return errors;
    }

    private static void check(JsonNode schema, JsonNode value, String at, List<String> errors) {
        if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false) && !schema.has("type")) {
            return;
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    errors.add(at + ": must be an object");
                    return;
                }
                schema.path("required").forEach(r -> {
                    if (!value.has(r.asText())) {
                        errors.add(at + "." + r.asText() + ": Required value");
                    }
                });
                JsonNode properties = schema.path("properties");
                for (Iterator<Map.Entry<String, JsonNode>> it = value.properties().iterator(); it.hasNext(); ) {
                    var field = it.next();
                    if (properties.has(field.getKey())) {
                        check(properties.get(field.getKey()), field.getValue(), at + "." + field.getKey(), errors);
                    } else if (schema.has("additionalProperties") && schema.get("additionalProperties").isObject()) {
                        check(schema.get("additionalProperties"), field.getValue(), at + "." + field.getKey(), errors);
                    } else if (!properties.isMissingNode() && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                        errors.add(at + "." + field.getKey() + ": unknown field (the API server would prune it)");
                    }
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    errors.add(at + ": must be an array");
                    return;
                }
                if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
                    errors.add(at + ": must have at least " + schema.get("minItems").asInt() + " items");
                }
                if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
                    errors.add(at + ": must have at most " + schema.get("maxItems").asInt() + " items");
                }
                for (int i = 0; i < value.size(); i++) {
                    check(schema.path("items"), value.get(i), at + "[" + i + "]", errors);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    errors.add(at + ": must be a string");
                } else if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
                    errors.add(at + ": must match " + schema.get("pattern").asText());
                }
                enumeration(schema, value, at, errors);
            }
            case "integer", "number" -> {
                if (!value.isNumber() || "integer".equals(type) && !value.isIntegralNumber()) {
                    errors.add(at + ": must be " + ("integer".equals(type) ? "an integer" : "a number"));
                    return;
                }
                if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
                    errors.add(at + ": must be at least " + schema.get("minimum").asText());
                }
                if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
                    errors.add(at + ": must be at most " + schema.get("maximum").asText());
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    errors.add(at + ": must be a boolean");
                }
            }
            default -> {
                // x-kubernetes-int-or-string and untyped nodes (e.g. resource quantities): anything goes here.
            }
        }
    }

    private static void enumeration(JsonNode schema, JsonNode value, String at, List<String> errors) {
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode option : schema.get("enum")) {
                listed |= option.equals(value);
            }
            if (!listed) {
                errors.add(at + ": must be one of " + schema.get("enum"));
            }
        }
    }
}
