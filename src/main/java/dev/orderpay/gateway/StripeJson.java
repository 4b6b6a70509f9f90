package dev.orderpay.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reading Stripe's JSON (snake_case objects, expandable fields that are either an ID string or
 * the object). Trees only, with a private mapper, so the application's Jackson settings
 * (naming strategy, unknown-property failures) cannot change how gateway answers are read.
 */
final class StripeJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private StripeJson() {
    }

    /** The tree of {@code body}, or a missing node when it is not JSON. */
    static JsonNode tryParse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    /** A text field, or null when absent or JSON null. */
    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isValueNode() && !v.isNull() ? v.asText() : null;
    }

    /** A required text field. @throws IllegalStateException when absent */
    static String required(JsonNode node, String field) {
        String v = text(node, field);
        if (v == null) {
            throw new IllegalStateException("no " + field);
        }
        return v;
    }

    /** The ID of an expandable field: the string itself, or the {@code id} of the expanded object. */
    static String idOf(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (v.isTextual()) {
            return v.asText();
        }
        return v.isObject() ? text(v, "id") : null;
    }

    /** A unix-seconds field as an instant, or null. */
    static Instant epoch(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.canConvertToLong() ? Instant.ofEpochSecond(v.asLong()) : null;
    }

    /** A string-to-string object (Stripe's {@code metadata}); empty when absent. */
    static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        }
        return map;
    }

    /** ISO 4217 upper case, as in our records. */
    static String upper(String currency) {
        return currency == null ? null : currency.toUpperCase(Locale.ROOT);
    }

    /** ISO 4217 lower case, as on Stripe's wire. */
    static String lower(String currency) {
        return currency == null ? null : currency.toLowerCase(Locale.ROOT);
    }
}
