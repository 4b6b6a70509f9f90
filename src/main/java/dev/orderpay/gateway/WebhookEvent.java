package dev.orderpay.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderpay.platform.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * A Stripe event as delivered to the webhook (Stripe docs, "The Event object"):
 * {@code {"id": "evt_...", "type": "checkout.session.completed", "created": <unix>,
 * "data": {"object": {...}}}}. {@code object} is the affected Stripe object as it was when the
 * event happened; contract §7 says to trust the gateway's current state, so retrieve the
 * PaymentIntent before deciding.
 *
 * @param id      event ID, unique per event (a redelivery repeats it)
 * @param type    e.g. {@code payment_intent.succeeded}
 * @param created when the event happened, UTC
 * @param object  {@code data.object}
 */
public record WebhookEvent(String id, String type, Instant created, JsonNode object) {

    /**
     * Parses a raw event body.
     *
     * @throws ApiException 400 {@code VALIDATION_FAILED} when it is not JSON or lacks
     *         {@code id}, {@code type} or {@code data.object}
     */
    public static WebhookEvent parse(byte[] body) {
        JsonNode root;
        try {
            root = StripeJson.MAPPER.readTree(body);
        } catch (IOException e) {
            throw ApiException.validation("body", "is not a JSON Stripe event");
        }
        if (root == null || !root.isObject()) {
            throw ApiException.validation("body", "is not a JSON Stripe event");
        }
        String id = StripeJson.text(root, "id");
        String type = StripeJson.text(root, "type");
        JsonNode object = root.path("data").path("object");
        if (id == null || type == null || !object.isObject()) {
            throw ApiException.validation("body", "is not a Stripe event (id, type and data.object are required)");
        }
        return new WebhookEvent(id, type, StripeJson.epoch(root, "created"), object);
    }

    /** Same, for a UTF-8 body. */
    public static WebhookEvent parse(String body) {
        return parse(body.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code data.object.id}, e.g. {@code cs_...}, {@code pi_...}, {@code ch_...}. */
    public String objectId() {
        return StripeJson.text(object, "id");
    }

    /** {@code data.object.object}: {@code checkout.session}, {@code payment_intent}, {@code charge}, ... */
    public String objectType() {
        return StripeJson.text(object, "object");
    }

    /** The Checkout Session's {@code client_reference_id} (our payment ID), or null for other objects. */
    public String clientReferenceId() {
        return StripeJson.text(object, "client_reference_id");
    }

    /**
     * The PaymentIntent concerned: the object's own ID for {@code payment_intent.*} events,
     * its {@code payment_intent} field for sessions, charges and refunds (null while a
     * session has none yet).
     */
    public String paymentIntentId() {
        if ("payment_intent".equals(objectType())) {
            return objectId();
        }
        return StripeJson.idOf(object, "payment_intent");
    }

    /** The object's {@code metadata} (empty when it has none). */
    public Map<String, String> metadata() {
        return StripeJson.stringMap(object.path("metadata"));
    }

    /** One metadata value, or null. */
    public String metadata(String key) {
        return metadata().get(key);
    }
}
