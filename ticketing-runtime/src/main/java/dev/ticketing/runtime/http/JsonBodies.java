package dev.ticketing.runtime.http;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import dev.ticketing.runtime.Json;

/** Reads a bounded JSON object body and its typed fields, turning every defect into a 4xx problem. */
public final class JsonBodies {

    private final int maxBytes;

    public JsonBodies(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public JsonNode object(ServerRequest req) {
        String contentType = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("application/json");
        if (!contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, "unsupported_media_type", "the body must be application/json", null);
        }
        byte[] bytes;
        try (InputStream in = req.content().inputStream()) {
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
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("body", "malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw ApiException.badRequest("body", "malformed JSON");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("body", "the body must be a JSON object");
        }
        return node;
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
