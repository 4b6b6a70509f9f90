package dev.orderpay.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderpay.sandbox.SandboxCards.Card;
import dev.orderpay.sandbox.SandboxRecords.Charge;
import dev.orderpay.sandbox.SandboxRecords.Intent;
import dev.orderpay.sandbox.SandboxRecords.Refund;
import dev.orderpay.sandbox.SandboxRecords.Session;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * The sandbox gateway's rules: how its Checkout Sessions, PaymentIntents, charges and refunds
 * change state, as Stripe's do for the subset {@link dev.orderpay.gateway.StripeGateway} uses
 * (Stripe API reference; contract §7, §8), and the events each change publishes. Every
 * operation answers the Stripe JSON of the changed object ({@link SandboxJson}) or throws
 * Stripe's error ({@link SandboxStripeException}). Amounts are minor units, times epoch seconds
 * (UTC) from the application clock.
 *
 * <p>Deliberate simplifications, all Stripe-compatible for our client: one PaymentIntent per
 * session, created when the customer first submits a card; expiring a session cancels its
 * PaymentIntent without a {@code payment_intent.canceled} event; cancelling an authorised
 * PaymentIntent releases the authorisation without a {@code charge.refunded} event;
 * {@code expires_at} must lie 30 minutes (2 minutes of slack) to 24 hours ahead, as at Stripe.
 *
 * <p>Not thread-safe: {@link SandboxStripe} holds its lock around every call.
 */
final class SandboxTransitions {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Duration MIN_EXPIRY = Duration.ofMinutes(28);
    private static final Duration MAX_EXPIRY = Duration.ofHours(24).plusMinutes(1);
    private static final Set<String> CANCELLABLE = Set.of("requires_payment_method", "requires_capture",
            "requires_confirmation", "requires_action", "processing");
    private static final Set<String> CANCELLATION_REASONS = Set.of("duplicate", "fraudulent", "requested_by_customer", "abandoned");

    private final SandboxRecords records;
    private final SandboxJson json;
    private final LongSupplier now;
    private final BiConsumer<String, ObjectNode> publish;

    /**
     * @param now     the application clock in epoch seconds
     * @param publish sends an event of a type ({@code payment_intent.succeeded}, …) about an object (its Stripe JSON)
     */
    SandboxTransitions(SandboxRecords records, SandboxJson json, LongSupplier now, BiConsumer<String, ObjectNode> publish) {
        this.records = records;
        this.json = json;
        this.now = now;
        this.publish = publish;
    }

    // --- Stripe API ----------------------------------------------------------------------------

    /** POST /v1/checkout/sessions (mode=payment only). */
    ObjectNode createSession(StripeParams p) {
        if (!"payment".equals(p.string("mode"))) {
            throw p.has("mode") ? SandboxStripeException.invalid("mode", "The sandbox supports mode=payment only.")
                    : SandboxStripeException.missing("mode");
        }
        Session s = new Session();
        s.id = "cs_test_" + SandboxRecords.random(40);
        s.created = now();
        long total = 0;
        String currency = null;
        String name = null;
        for (int i = 0; p.has("line_items[" + i + "][quantity]") || p.has("line_items[" + i + "][price_data][currency]"); i++) {
            String prefix = "line_items[" + i + "]";
            String c = p.currency(prefix + "[price_data][currency]");
            if (currency != null && !currency.equals(c)) {
                throw SandboxStripeException.invalid(prefix + "[price_data][currency]", "All line items must use the same currency.");
            }
            currency = c;
            long unit = p.positiveLong(prefix + "[price_data][unit_amount]");
            long quantity = p.positiveLong(prefix + "[quantity]");
            String itemName = p.required(prefix + "[price_data][product_data][name]");
            name = name == null ? itemName : name + ", " + itemName;
            total = Math.addExact(total, Math.multiplyExact(unit, quantity));
        }
        if (currency == null) {
            throw SandboxStripeException.missing("line_items");
        }
        s.amountTotal = StripeParams.maxAmount(total);
        s.currency = currency;
        s.productName = name;
        s.captureMethod = p.captureMethod("payment_intent_data[capture_method]");
        s.piDescription = p.string("payment_intent_data[description]");
        s.piMetadata = p.metadata("payment_intent_data[metadata]");
        s.metadata = p.metadata("metadata");
        s.clientReferenceId = p.string("client_reference_id");
        s.successUrl = p.string("success_url");
        s.cancelUrl = p.string("cancel_url");
        s.customerEmail = p.string("customer_email");
        s.customer = p.string("customer");
        long now = now();
        if (p.has("expires_at")) {
            long expiresAt = p.positiveLong("expires_at");
            if (expiresAt < now + MIN_EXPIRY.toSeconds() || expiresAt > now + MAX_EXPIRY.toSeconds()) {
                throw SandboxStripeException.invalid("expires_at",
                        "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.");
            }
            s.expiresAt = expiresAt;
        } else {
            s.expiresAt = now + Duration.ofHours(24).toSeconds();
        }
        records.sessions.put(s.id, s);
        records.openSessions.add(s.id);
        return json.session(s);
    }

    /** GET /v1/checkout/sessions/{id}. */
    ObjectNode retrieveSession(String id) {
        Session s = records.session(id);
        expireIfDue(s);
        return json.session(s);
    }

    /** POST /v1/checkout/sessions/{id}/expire. */
    ObjectNode expireSession(String id) {
        Session s = records.session(id);
        expireIfDue(s);
        if (!"open".equals(s.status)) {
            throw SandboxStripeException.unexpectedState("checkout_session_unexpected_state",
                    "Only Checkout Sessions with a status in [\"open\"] can be expired.");
        }
        expire(s);
        return json.session(s);
    }

    /** GET /v1/payment_intents/{id}. */
    ObjectNode retrieveIntent(String id, Collection<String> expand) {
        return json.intent(records.intent(id), expand);
    }

    /** POST /v1/payment_intents: confirm=true charges of a saved card (off-session; contract §8). */
    ObjectNode createIntent(StripeParams p) {
        long amount = StripeParams.maxAmount(p.positiveLong("amount"));
        String currency = p.currency("currency");
        if (!"true".equals(p.string("confirm"))) {
            throw SandboxStripeException.invalid("confirm", "The sandbox supports confirm=true PaymentIntents only.");
        }
        String customer = p.required("customer");
        String pm = p.required("payment_method");
        Card card = SandboxCards.BY_PAYMENT_METHOD.get(pm);
        if (card == null) {
            SandboxStripeException e = new SandboxStripeException(400, "invalid_request_error", "resource_missing",
                    "No such PaymentMethod: '" + pm + "'");
            e.error.put("param", "payment_method");
            throw e;
        }
        Intent pi = new Intent();
        pi.id = "pi_" + SandboxRecords.random(24);
        pi.created = now();
        pi.amount = amount;
        pi.currency = currency;
        pi.captureMethod = p.captureMethod("capture_method");
        pi.customer = customer;
        pi.description = p.string("description");
        pi.metadata = p.metadata("metadata");
        pi.status = "requires_payment_method";
        records.intents.put(pi.id, pi);
        boolean failing = records.failingCustomers.contains(customer);
        if (SandboxCards.PROCESSING_PAYMENT_METHOD.equals(pm) && !failing) {
            Charge ch = attempt(pi, card, pm, null, true);
            ch.status = "pending";
            pi.status = "processing";
            emit("payment_intent.processing", json.intent(pi));
            return json.intent(pi, p.list("expand[]"));
        }
        boolean decline = card.declines() || failing;
        Charge ch = attempt(pi, card, pm, decline ? (card.declines() ? card.declineCode() : "generic_decline") : null);
        if (decline) {
            SandboxStripeException e = new SandboxStripeException(402, "card_error", "card_declined", "Your card was declined.");
            e.error.put("decline_code", ch.declineCode);
            e.error.put("charge", ch.id);
            e.error.set("payment_intent", json.intent(pi));
            e.error.set("payment_method", json.paymentMethod(pi));
            throw e;
        }
        return json.intent(pi, p.list("expand[]"));
    }

    /** POST /v1/payment_intents/{id}/capture. */
    ObjectNode capture(String id, StripeParams p) {
        Intent pi = records.intent(id);
        if (!"requires_capture".equals(pi.status)) {
            throw SandboxStripeException.unexpectedState("payment_intent_unexpected_state",
                    "This PaymentIntent could not be captured because it has a status of " + pi.status
                            + ". Only a PaymentIntent with one of the following statuses may be captured: requires_capture.");
        }
        long amount = p.has("amount_to_capture") ? p.positiveLong("amount_to_capture") : pi.amountCapturable;
        if (amount > pi.amountCapturable) {
            throw SandboxStripeException.invalid("amount_to_capture",
                    "The amount to capture must be at most the amount capturable, " + pi.amountCapturable + ".");
        }
        pi.metadata.putAll(p.metadata("metadata"));
        capture(pi, amount);
        return json.intent(pi, p.list("expand[]"));
    }

    /** POST /v1/payment_intents/{id}/cancel. */
    ObjectNode cancel(String id, StripeParams p) {
        Intent pi = records.intent(id);
        if (!CANCELLABLE.contains(pi.status)) {
            throw SandboxStripeException.unexpectedState("payment_intent_unexpected_state",
                    "You cannot cancel this PaymentIntent because it has a status of " + pi.status
                            + ". Only a PaymentIntent with one of the following statuses may be canceled: "
                            + "requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.");
        }
        String reason = p.string("cancellation_reason");
        if (reason != null && !CANCELLATION_REASONS.contains(reason)) {
            throw SandboxStripeException.invalid("cancellation_reason", "Invalid cancellation_reason: " + reason);
        }
        cancel(pi, reason);
        emit("payment_intent.canceled", json.intent(pi));
        return json.intent(pi, p.list("expand[]"));
    }

    /** POST /v1/refunds (of a captured PaymentIntent, whole remaining amount by default). */
    ObjectNode createRefund(StripeParams p) {
        String piId = p.string("payment_intent");
        if (piId == null && p.has("charge")) {
            Charge ch = records.charges.get(p.string("charge"));
            if (ch == null) {
                throw SandboxStripeException.noSuch("charge", p.string("charge"));
            }
            piId = ch.paymentIntentId;
        }
        if (piId == null) {
            throw SandboxStripeException.missing("payment_intent");
        }
        Intent pi = records.intent(piId);
        Charge ch = records.latestCharge(pi);
        if (!"succeeded".equals(pi.status) || ch == null) {
            throw SandboxStripeException.unexpectedState("payment_intent_unexpected_state",
                    "This PaymentIntent (" + pi.id + ") does not have a successful charge to refund.");
        }
        long remaining = ch.amountCaptured - ch.amountRefunded;
        if (remaining <= 0) {
            throw SandboxStripeException.unexpectedState("charge_already_refunded",
                    "Charge " + ch.id + " has already been refunded.");
        }
        long amount = p.has("amount") ? p.positiveLong("amount") : remaining;
        if (amount > remaining) {
            throw SandboxStripeException.invalid("amount",
                    "Refund amount (" + amount + ") is greater than unrefunded amount on charge (" + remaining + ")");
        }
        Refund r = new Refund();
        r.id = "re_" + SandboxRecords.random(24);
        r.created = now();
        r.amount = amount;
        r.chargeId = ch.id;
        r.paymentIntentId = pi.id;
        r.currency = pi.currency;
        r.reason = p.string("reason");
        r.metadata = p.metadata("metadata");
        records.refunds.put(r.id, r);
        ch.amountRefunded += amount;
        ch.refunded = ch.amountRefunded >= ch.amountCaptured;
        ch.refundIds.add(r.id);
        emit("charge.refunded", json.charge(ch));
        return json.refund(r);
    }

    // --- the customer at the hosted checkout -----------------------------------------------------

    /**
     * What a customer's card submission did.
     *
     * @param outcome     {@code succeeded} (authorised, or paid with automatic capture) or {@code declined}
     * @param declineCode Stripe's decline code when declined
     * @param redirectUrl {@code success_url} (with {@code {CHECKOUT_SESSION_ID}} filled in) when succeeded, else null
     */
    record PayResult(String outcome, String message, String declineCode, ObjectNode session, ObjectNode paymentIntent,
                     String redirectUrl) {
    }

    /**
     * The customer pays session {@code sessionId} with a test card.
     *
     * @throws SandboxStripeException 404 unknown session; 409 session not open; 402
     *         {@code incorrect_number} for a number that is not one of {@link SandboxCards}
     */
    PayResult pay(String sessionId, String cardNumber) {
        Session s = records.session(sessionId);
        expireIfDue(s);
        if (!"open".equals(s.status)) {
            throw new SandboxStripeException(409, "invalid_request_error", "checkout_session_not_open",
                    "This Checkout Session is " + s.status + ".");
        }
        Card card = SandboxCards.byNumber(cardNumber);
        if (card == null) {
            SandboxStripeException e = new SandboxStripeException(402, "card_error", "incorrect_number",
                    "Your card number is incorrect. Use one of Stripe's test cards.");
            e.error.put("param", "card_number");
            throw e;
        }
        Intent pi = s.paymentIntentId == null ? null : records.intents.get(s.paymentIntentId);
        if (pi == null) {
            pi = new Intent();
            pi.id = "pi_" + SandboxRecords.random(24);
            pi.created = now();
            pi.amount = s.amountTotal;
            pi.currency = s.currency;
            pi.captureMethod = s.captureMethod;
            pi.customer = s.customer;
            pi.description = s.piDescription;
            pi.metadata = new LinkedHashMap<>(s.piMetadata);
            pi.status = "requires_payment_method";
            records.intents.put(pi.id, pi);
            s.paymentIntentId = pi.id;
        }
        Charge ch = attempt(pi, card, "pm_" + SandboxRecords.random(24), card.declineCode());
        if (card.declines()) {
            return new PayResult("declined", "Your card was declined.", ch.declineCode, json.session(s), json.intent(pi), null);
        }
        s.status = "complete";
        s.paymentStatus = "automatic".equals(pi.captureMethod) ? "paid" : "unpaid";
        records.openSessions.remove(s.id);
        // attempt() already published the PaymentIntent's event; Stripe's order is not guaranteed either.
        emit("checkout.session.completed", json.session(s));
        String redirect = s.successUrl == null ? null : s.successUrl.replace("{CHECKOUT_SESSION_ID}", s.id);
        return new PayResult("succeeded", null, null, json.session(s), json.intent(pi), redirect);
    }

    /** Where the Cancel button of session {@code sessionId} leads (the session stays open, as at Stripe), or null. */
    String cancelUrl(String sessionId) {
        Session s = records.session(sessionId);
        return s.cancelUrl == null ? null : s.cancelUrl.replace("{CHECKOUT_SESSION_ID}", s.id);
    }

    /** What the hosted checkout page shows (the session expired first if it is due). */
    CheckoutView view(String sessionId, String error) {
        Session s = records.session(sessionId);
        expireIfDue(s);
        return SandboxJson.checkoutView(s, error);
    }

    // --- sandbox controls ----------------------------------------------------------------------

    /**
     * Finishes a {@code processing} PaymentIntent (sandbox control): {@code succeed} captures it
     * (payment_intent.succeeded), else it fails back to requires_payment_method (payment_intent.payment_failed).
     *
     * @throws SandboxStripeException 404 unknown; 400 payment_intent_unexpected_state when not processing
     */
    ObjectNode finishProcessing(String id, boolean succeed) {
        Intent pi = records.intent(id);
        if (!"processing".equals(pi.status)) {
            throw SandboxStripeException.unexpectedState("payment_intent_unexpected_state",
                    "This PaymentIntent has a status of " + pi.status + ", not processing.");
        }
        Charge ch = records.charges.get(pi.latestChargeId);
        if (succeed) {
            ch.status = "succeeded";
            pi.amountCapturable = pi.amount;
            capture(pi, pi.amount);
        } else {
            ch.status = "failed";
            ch.failureCode = "card_declined";
            ch.declineCode = "generic_decline";
            pi.status = "requires_payment_method";
            ObjectNode error = JSON.objectNode();
            error.put("type", "card_error");
            error.put("code", "card_declined");
            error.put("decline_code", "generic_decline");
            pi.lastPaymentError = error;
            emit("payment_intent.payment_failed", json.intent(pi));
        }
        return json.intent(pi);
    }

    /** Expires open sessions whose {@code expires_at} has passed (periodically, and on every read). */
    void sweepExpired() {
        long now = now();
        for (String id : List.copyOf(records.openSessions)) {
            Session s = records.sessions.get(id);
            if (s != null && s.expiresAt <= now) {
                expire(s);
            }
        }
    }

    // --- state transitions ---------------------------------------------------------------------

    private Charge attempt(Intent pi, Card card, String paymentMethodId, String declineCode) {
        return attempt(pi, card, paymentMethodId, declineCode, false);
    }

    /** With {@code pending}: only records the charge attempt (the PaymentIntent stays as the caller sets it). */
    private Charge attempt(Intent pi, Card card, String paymentMethodId, String declineCode, boolean pending) {
        Charge ch = new Charge();
        ch.id = "ch_" + SandboxRecords.random(24);
        ch.created = now();
        ch.paymentIntentId = pi.id;
        ch.amount = pi.amount;
        ch.currency = pi.currency;
        ch.card = card;
        ch.paymentMethodId = paymentMethodId;
        ch.metadata = pi.metadata;
        records.charges.put(ch.id, ch);
        pi.latestChargeId = ch.id;
        pi.paymentMethodId = paymentMethodId;
        pi.card = card;
        if (pending) {
            return ch;
        }
        if (declineCode != null) {
            ch.status = "failed";
            ch.failureCode = "card_declined";
            ch.declineCode = declineCode;
            pi.status = "requires_payment_method";
            ObjectNode error = JSON.objectNode();
            error.put("type", "card_error");
            error.put("code", "card_declined");
            error.put("decline_code", declineCode);
            error.put("message", "Your card was declined.");
            error.put("charge", ch.id);
            error.set("payment_method", json.paymentMethod(pi));
            pi.lastPaymentError = error;
            emit("payment_intent.payment_failed", json.intent(pi));
            return ch;
        }
        ch.status = "succeeded";
        pi.lastPaymentError = null;
        if ("automatic".equals(pi.captureMethod)) {
            pi.amountCapturable = pi.amount;
            capture(pi, pi.amount);
        } else {
            pi.status = "requires_capture";
            pi.amountCapturable = pi.amount;
            emit("payment_intent.amount_capturable_updated", json.intent(pi));
        }
        return ch;
    }

    private void capture(Intent pi, long amount) {
        Charge ch = records.charges.get(pi.latestChargeId);
        pi.status = "succeeded";
        pi.amountReceived = amount;
        pi.amountCapturable = 0;
        ch.captured = true;
        ch.amountCaptured = amount;
        records.sessions.values().stream().filter(s -> pi.id.equals(s.paymentIntentId)).forEach(s -> s.paymentStatus = "paid");
        emit("payment_intent.succeeded", json.intent(pi));
    }

    private void cancel(Intent pi, String reason) {
        pi.status = "canceled";
        pi.cancellationReason = reason;
        pi.canceledAt = now();
        pi.amountCapturable = 0;
        Charge ch = records.latestCharge(pi);
        if (ch != null && "succeeded".equals(ch.status) && !ch.captured) {
            ch.amountRefunded = ch.amount; // the authorisation is released
            ch.refunded = true;
        }
    }

    private void expireIfDue(Session s) {
        if ("open".equals(s.status) && s.expiresAt <= now()) {
            expire(s);
        }
    }

    private void expire(Session s) {
        s.status = "expired";
        records.openSessions.remove(s.id);
        Intent pi = s.paymentIntentId == null ? null : records.intents.get(s.paymentIntentId);
        if (pi != null && CANCELLABLE.contains(pi.status) && !"requires_capture".equals(pi.status)) {
            cancel(pi, "abandoned");
        }
        emit("checkout.session.expired", json.session(s));
    }

    private void emit(String type, ObjectNode object) {
        publish.accept(type, object);
    }

    private long now() {
        return now.getAsLong();
    }
}
