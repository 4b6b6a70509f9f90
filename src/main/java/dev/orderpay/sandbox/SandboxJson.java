package dev.orderpay.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderpay.pricing.MinorUnits;
import dev.orderpay.sandbox.SandboxCards.Card;
import dev.orderpay.sandbox.SandboxRecords.Charge;
import dev.orderpay.sandbox.SandboxRecords.Intent;
import dev.orderpay.sandbox.SandboxRecords.Refund;
import dev.orderpay.sandbox.SandboxRecords.Session;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Renders the sandbox's records as Stripe renders them (Stripe API reference: the Checkout
 * Session, PaymentIntent, Charge, Refund, PaymentMethod and Event objects): amounts in minor
 * units, times in epoch seconds, {@code livemode: false}. Also the control listing of every
 * PaymentIntent and what the hosted checkout page shows. Reads {@link SandboxRecords}, changes
 * nothing.
 */
final class SandboxJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final SandboxRecords records;
    private final Supplier<String> publicUrl;

    /** @param publicUrl scheme, host and port the browser reaches this service on, without a trailing slash */
    SandboxJson(SandboxRecords records, Supplier<String> publicUrl) {
        this.records = records;
        this.publicUrl = publicUrl;
    }

    /** A Checkout Session; {@code url} is the hosted checkout page while it is open, else null. */
    ObjectNode session(Session s) {
        ObjectNode n = JSON.objectNode();
        n.put("id", s.id);
        n.put("object", "checkout.session");
        n.put("amount_subtotal", s.amountTotal);
        n.put("amount_total", s.amountTotal);
        n.put("cancel_url", s.cancelUrl);
        n.put("client_reference_id", s.clientReferenceId);
        n.put("created", s.created);
        n.put("currency", s.currency);
        n.put("customer", s.customer);
        n.put("customer_email", s.customerEmail);
        n.put("expires_at", s.expiresAt);
        n.put("livemode", false);
        n.set("metadata", map(s.metadata));
        n.put("mode", "payment");
        n.put("payment_intent", s.paymentIntentId);
        n.putArray("payment_method_types").add("card");
        n.put("payment_status", s.paymentStatus);
        n.put("status", s.status);
        n.put("success_url", s.successUrl);
        n.put("url", "open".equals(s.status) ? publicUrl.get() + "/sandbox/checkout/" + s.id : null);
        return n;
    }

    /** A PaymentIntent, not expanded. */
    ObjectNode intent(Intent pi) {
        return intent(pi, List.of());
    }

    /** A PaymentIntent; {@code expand} may name {@code latest_charge} and {@code payment_method} (Stripe's {@code expand[]}). */
    ObjectNode intent(Intent pi, Collection<String> expand) {
        ObjectNode n = JSON.objectNode();
        n.put("id", pi.id);
        n.put("object", "payment_intent");
        n.put("amount", pi.amount);
        n.put("amount_capturable", pi.amountCapturable);
        n.put("amount_received", pi.amountReceived);
        if (pi.canceledAt == null) {
            n.putNull("canceled_at");
        } else {
            n.put("canceled_at", pi.canceledAt);
        }
        n.put("cancellation_reason", pi.cancellationReason);
        n.put("capture_method", pi.captureMethod);
        n.put("client_secret", pi.id + "_secret_" + SandboxRecords.random(16));
        n.put("confirmation_method", "automatic");
        n.put("created", pi.created);
        n.put("currency", pi.currency);
        n.put("customer", pi.customer);
        n.put("description", pi.description);
        if (pi.lastPaymentError == null) {
            n.putNull("last_payment_error");
        } else {
            n.set("last_payment_error", pi.lastPaymentError.deepCopy());
        }
        Charge ch = records.latestCharge(pi);
        if (ch != null && expand.contains("latest_charge")) {
            n.set("latest_charge", charge(ch));
        } else {
            n.put("latest_charge", pi.latestChargeId);
        }
        n.put("livemode", false);
        n.set("metadata", map(pi.metadata));
        if (pi.paymentMethodId != null && expand.contains("payment_method")) {
            n.set("payment_method", paymentMethod(pi));
        } else {
            n.put("payment_method", pi.paymentMethodId);
        }
        n.putArray("payment_method_types").add("card");
        n.put("status", pi.status);
        return n;
    }

    /** The PaymentIntent's card PaymentMethod. */
    ObjectNode paymentMethod(Intent pi) {
        ObjectNode pm = JSON.objectNode();
        pm.put("id", pi.paymentMethodId);
        pm.put("object", "payment_method");
        pm.put("type", "card");
        pm.set("card", card(pi.card));
        pm.put("customer", pi.customer);
        return pm;
    }

    /** A charge with its refunds. */
    ObjectNode charge(Charge ch) {
        ObjectNode n = JSON.objectNode();
        n.put("id", ch.id);
        n.put("object", "charge");
        n.put("amount", ch.amount);
        n.put("amount_captured", ch.amountCaptured);
        n.put("amount_refunded", ch.amountRefunded);
        n.put("captured", ch.captured);
        n.put("created", ch.created);
        n.put("currency", ch.currency);
        n.put("failure_code", ch.failureCode);
        n.put("failure_message", ch.failureCode == null ? null : "Your card was declined.");
        n.put("livemode", false);
        n.set("metadata", map(ch.metadata));
        ObjectNode outcome = n.putObject("outcome");
        outcome.put("network_status", ch.declineCode == null ? "approved_by_network" : "declined_by_network");
        outcome.put("reason", ch.declineCode);
        outcome.put("type", ch.declineCode == null ? "authorized" : "issuer_declined");
        n.put("paid", "succeeded".equals(ch.status));
        n.put("payment_intent", ch.paymentIntentId);
        n.put("payment_method", ch.paymentMethodId);
        ObjectNode details = n.putObject("payment_method_details");
        details.put("type", "card");
        details.set("card", card(ch.card));
        n.put("refunded", ch.refunded);
        ArrayNode refundIds = n.putObject("refunds").put("object", "list").putArray("data");
        ch.refundIds.forEach(id -> refundIds.add(refund(records.refunds.get(id))));
        n.put("status", ch.status);
        return n;
    }

    /** A refund. */
    ObjectNode refund(Refund r) {
        ObjectNode n = JSON.objectNode();
        n.put("id", r.id);
        n.put("object", "refund");
        n.put("amount", r.amount);
        n.put("charge", r.chargeId);
        n.put("created", r.created);
        n.put("currency", r.currency);
        n.set("metadata", map(r.metadata));
        n.put("payment_intent", r.paymentIntentId);
        n.put("reason", r.reason);
        n.put("status", "succeeded");
        return n;
    }

    /**
     * A Stripe event of {@code type} about {@code object} ({@code data.object}).
     *
     * @param apiVersion Stripe's API version ({@code payments.gateway.api-version})
     * @param created    epoch seconds
     */
    ObjectNode event(String type, ObjectNode object, String apiVersion, long created) {
        ObjectNode event = JSON.objectNode();
        event.put("id", "evt_" + SandboxRecords.random(24));
        event.put("object", "event");
        event.put("api_version", apiVersion);
        event.put("created", created);
        event.put("livemode", false);
        event.put("pending_webhooks", 1);
        ObjectNode request = event.putObject("request");
        request.putNull("id");
        request.putNull("idempotency_key");
        event.put("type", type);
        event.putObject("data").set("object", object);
        return event;
    }

    /**
     * Every PaymentIntent, oldest first (sandbox control; the money invariants checker reads it):
     * {@code id, status, amount, amount_capturable, amount_received} (minor units),
     * {@code currency, customer, metadata, checkout_session} (the session that created it, or
     * null), {@code latest_charge, amount_refunded} (of the latest charge, minor units) and
     * {@code refunds: [{id, amount, created}]}.
     */
    ArrayNode intentList() {
        Map<String, String> sessionOf = new HashMap<>();
        records.sessions.values().forEach(s -> {
            if (s.paymentIntentId != null) {
                sessionOf.put(s.paymentIntentId, s.id);
            }
        });
        ArrayNode out = JSON.arrayNode();
        records.intentsOldestFirst().forEach(pi -> {
            ObjectNode n = out.addObject();
            n.put("id", pi.id);
            n.put("status", pi.status);
            n.put("amount", pi.amount);
            n.put("amount_capturable", pi.amountCapturable);
            n.put("amount_received", pi.amountReceived);
            n.put("currency", pi.currency);
            n.put("customer", pi.customer);
            n.set("metadata", map(pi.metadata));
            n.put("checkout_session", sessionOf.get(pi.id));
            n.put("latest_charge", pi.latestChargeId);
            Charge ch = records.latestCharge(pi);
            long refunded = 0;
            ArrayNode refundList = n.putArray("refunds");
            if (ch != null) {
                for (String rid : ch.refundIds) {
                    Refund r = records.refunds.get(rid);
                    refunded += r.amount;
                    refundList.addObject().put("id", r.id).put("amount", r.amount).put("created", r.created);
                }
            }
            n.put("amount_refunded", refunded);
        });
        return out;
    }

    /** What the hosted checkout page shows for session {@code s}, with {@code error} (or null) for the customer. */
    static CheckoutView checkoutView(Session s, String error) {
        List<CheckoutView.TestCard> cards = new ArrayList<>();
        SandboxCards.BY_NUMBER.values().forEach(c -> cards.add(new CheckoutView.TestCard(c.number(), c.label())));
        return new CheckoutView(s.id, s.productName, major(s.amountTotal, s.currency), s.currency.toUpperCase(Locale.ROOT),
                s.status, "open".equals(s.status), error, cards);
    }

    /**
     * Minor units as a major-unit decimal string in the currency's ISO 4217 digits
     * ({@code 9200 usd} → {@code 92.00}): {@link MinorUnits#format} for the contract's currencies;
     * for any other code the sandbox accepts (Stripe takes more), Java's ISO 4217 digits, 2 when unknown.
     */
    static String major(long minor, String currency) {
        String code = currency.toUpperCase(Locale.ROOT);
        if (MinorUnits.SUPPORTED.contains(code)) {
            return MinorUnits.format(minor, code);
        }
        int digits;
        try {
            digits = Math.max(0, Currency.getInstance(code).getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            digits = 2;
        }
        return BigDecimal.valueOf(minor).movePointLeft(digits).setScale(digits).toPlainString();
    }

    private static ObjectNode card(Card c) {
        ObjectNode card = JSON.objectNode();
        card.put("brand", c.brand());
        card.put("country", "US");
        card.put("exp_month", 12);
        card.put("exp_year", 2034);
        card.put("funding", c.funding());
        card.put("last4", c.last4());
        return card;
    }

    private static ObjectNode map(Map<String, String> m) {
        ObjectNode n = JSON.objectNode();
        if (m != null) {
            m.forEach(n::put);
        }
        return n;
    }
}
