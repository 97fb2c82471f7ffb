package dev.ticketing.runtime.http;

import java.io.IOException;
import java.io.InputStream;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.ticketing.runtime.Json;

/** Reads a bounded JSON object body and its typed fields, turning every defect into a 4xx problem. */
public final class JsonBodies {

    private static final Pattern DUPLICATE_FIELD = Pattern.compile("Duplicate field '([^']{1,64})'");

    private final int maxBytes;

    public JsonBodies(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public JsonNode object(ApiRequest req) {
        requireJson(req.header("Content-Type").orElse(null));
        byte[] bytes;
        try (InputStream in = req.body()) {
            bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new ApiException(413, "body_too_large", "the body exceeds " + maxBytes + " bytes", null);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            throw new ApiException(400, "unreadable_body", "the body could not be read", null);
        }
        if (bytes.length == 0) {
            throw ApiException.badRequest("body", "a JSON object body is required");
        }
        JsonNode node;
        try {
            node = Json.tree(bytes);
        } catch (StreamConstraintsException e) {
            throw ApiException.badRequest("body", "the body is not acceptable JSON: numbers have at most "
                    + Json.MAX_NUMBER_DIGITS + " digits and values nest at most " + Json.MAX_NESTING + " levels deep");
        } catch (JsonProcessingException e) {
            Matcher duplicate = DUPLICATE_FIELD.matcher(String.valueOf(e.getOriginalMessage()));
            if (duplicate.find()) {
                throw ApiException.badRequest(duplicate.group(1), duplicate.group(1) + " appears more than once");
            }
            var at = e.getLocation();
            throw ApiException.badRequest("body", at == null ? "malformed JSON"
                    : "malformed JSON at line " + at.getLineNr() + ", column " + at.getColumnNr());
        } catch (IOException e) {
            throw ApiException.badRequest("body", "malformed JSON");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("body", "the body must be a JSON object");
        }
        return node;
    }

    /**
     * Exactly {@code application/json}, optionally with {@code charset=utf-8}; a missing Content-Type is read as
     * JSON (clients like curl without -H send none).
     */
    static void requireJson(String contentType) {
        if (contentType == null) {
            return;
        }
        String[] parts = contentType.split(";");
        boolean json = parts[0].strip().equalsIgnoreCase("application/json");
        for (int i = 1; i < parts.length && json; i++) {
            String[] parameter = parts[i].strip().split("=", 2);
            json = parameter.length == 2 && parameter[0].strip().equalsIgnoreCase("charset")
                    && parameter[1].strip().replace("\"", "").equalsIgnoreCase("utf-8");
        }
        if (!json) {
            throw new ApiException(415, "unsupported_media_type", "the body must be application/json (UTF-8), got '"
                    + printable(contentType) + "'", "Content-Type");
        }
    }

    /** For echoing a client's value in a message: at most 64 characters, control characters dropped. */
    private static String printable(String value) {
        String visible = value.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return visible.length() > 64 ? visible.substring(0, 64) + "…" : visible;
    }

    public static String requiredText(JsonNode body, String field, int maxLength) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw ApiException.badRequest(field, field + " is required");
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest(field, field + " must be a string");
        }
        String text = v.asText();
        if (text.isBlank()) {
            throw ApiException.badRequest(field, field + " must not be blank");
        }
        if (text.length() > maxLength) {
            throw ApiException.badRequest(field, field + " must be at most " + maxLength + " characters");
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest(field, field + " must not contain control characters");
        }
        return text;
    }

    public static int requiredInt(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw ApiException.badRequest(field, field + " is required");
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw ApiException.badRequest(field, field + " must be an integer");
        }
        return v.intValue();
    }
}
