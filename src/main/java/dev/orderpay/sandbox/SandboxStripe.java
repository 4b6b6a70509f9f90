package dev.orderpay.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderpay.gateway.GatewayConfig;
import dev.orderpay.gateway.LocalServer;
import dev.orderpay.sandbox.SandboxCards.Card;
import dev.orderpay.platform.AppClock;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.MultivaluedMap;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The sandbox gateway's state and rules: the subset of Stripe's API that
 * {@link dev.orderpay.gateway.StripeGateway} uses (Checkout Sessions, PaymentIntents, Refunds),
 * the customer's side of the hosted checkout with Stripe's test cards, and the events it
 * publishes to {@link SandboxWebhooks}. In memory, per process; one lock (the sandbox is for
 * dev and test traffic only).
 *
 * <p>Times come from {@link AppClock}, like the rest of the service, so moving the clock in a
 * test moves the sandbox too (session expiry, event {@code created}, webhook signatures).
 *
 * <p>Deliberate simplifications, all Stripe-compatible for our client: one PaymentIntent per
 * session, created when the customer first submits a card; expiring a session cancels its
 * PaymentIntent without a {@code payment_intent.canceled} event; cancelling an authorised
 * PaymentIntent releases the authorisation without a {@code charge.refunded} event;
 * {@code expires_at} must lie 30 minutes (2 minutes of slack) to 24 hours ahead, as at Stripe.
 */
@ApplicationScoped
public class SandboxStripe {

    private static final Logger LOG = Logger.getLogger(SandboxStripe.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Duration MIN_EXPIRY = Duration.ofMinutes(28);
    private static final Duration MAX_EXPIRY = Duration.ofHours(24).plusMinutes(1);
    private static final int MAX_IDEMPOTENCY_KEYS = 50_000;
    private static final Set<String> CANCELLABLE = Set.of("requires_payment_method", "requires_capture",
            "requires_confirmation", "requires_action", "processing");
    private static final Set<String> CANCELLATION_REASONS = Set.of("duplicate", "fraudulent", "requested_by_customer", "abandoned");

    static final List<String> SESSION_PARAMS = List.of("mode", "payment_method_types\\[\\d*\\]",
            "line_items\\[\\d+\\]\\[price_data\\]\\[(currency|unit_amount)\\]",
            "line_items\\[\\d+\\]\\[price_data\\]\\[product_data\\]\\[(name|description)\\]",
            "line_items\\[\\d+\\]\\[quantity\\]", "payment_intent_data\\[(capture_method|description)\\]",
            "payment_intent_data\\[metadata\\]\\[[^\\[\\]]+\\]", "expires_at", "client_reference_id", "success_url",
            "cancel_url", "customer_email", "customer", "metadata\\[[^\\[\\]]+\\]", "expand\\[\\d*\\]");
    static final List<String> EXPAND_PARAMS = List.of("expand\\[\\d*\\]");
    static final List<String> INTENT_PARAMS = List.of("amount", "currency", "customer", "payment_method",
            "payment_method_types\\[\\d*\\]", "confirm", "off_session", "description", "capture_method",
            "metadata\\[[^\\[\\]]+\\]", "expand\\[\\d*\\]");
    static final List<String> CAPTURE_PARAMS = List.of("amount_to_capture", "metadata\\[[^\\[\\]]+\\]", "expand\\[\\d*\\]");
    static final List<String> CANCEL_PARAMS = List.of("cancellation_reason", "expand\\[\\d*\\]");
    static final List<String> REFUND_PARAMS = List.of("payment_intent", "charge", "amount", "reason",
            "metadata\\[[^\\[\\]]+\\]", "expand\\[\\d*\\]");

    private final SandboxConfig config;
    private final GatewayConfig gateway;
    private final LocalServer localServer;
    private final AppClock clock;
    private final SandboxWebhooks webhooks;
    private final Vertx vertx;

    private final Map<String, Session> sessions = new HashMap<>();
    private final Set<String> openSessions = new LinkedHashSet<>();
    private final Map<String, Intent> intents = new HashMap<>();
    private final Map<String, Charge> charges = new HashMap<>();
    private final Map<String, RefundObject> refunds = new HashMap<>();
    private final Set<String> failingCustomers = new HashSet<>();
    private final Map<String, Stored> idempotency = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Stored> eldest) {
            return size() > MAX_IDEMPOTENCY_KEYS;
        }
    };
    private long sweepTimer = -1;

    public SandboxStripe(SandboxConfig config, GatewayConfig gateway, LocalServer localServer, AppClock clock,
                         SandboxWebhooks webhooks, Vertx vertx) {
        this.config = config;
        this.gateway = gateway;
        this.localServer = localServer;
        this.clock = clock;
        this.webhooks = webhooks;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event, LaunchMode mode) {
        if (!config.enabled()) {
            return;
        }
        if (mode == LaunchMode.NORMAL) {
            LOG.warn("payments.sandbox.enabled=true in production: the fake card gateway and its test controls "
                    + "are served under /sandbox. Turn it off unless this is a test environment.");
        }
        sweepTimer = vertx.setPeriodic(Math.max(100, config.expirySweep().toMillis()), id -> {
            try {
                sweepExpired();
            } catch (RuntimeException e) {
                LOG.warn("sandbox expiry sweep failed", e);
            }
        });
    }

    @PreDestroy
    void stop() {
        if (sweepTimer >= 0) {
            vertx.cancelTimer(sweepTimer);
        }
    }

    /** @throws NotFoundException when {@code payments.sandbox.enabled} is false (every sandbox endpoint is then 404) */
    public void requireEnabled() {
        if (!config.enabled()) {
            throw new NotFoundException();
        }
    }

    // --- Stripe API ----------------------------------------------------------------------

    /** A Stripe API answer: HTTP status and JSON body; {@code replayed} for an idempotent replay. */
    public record Reply(int status, ObjectNode body, boolean replayed) {
    }

    private record Stored(String fingerprint, int status, ObjectNode body) {
    }

    /**
     * Runs one Stripe API request: checks the secret key, replays a stored answer for a known
     * {@code Idempotency-Key} (a different request under the same key is 400
     * {@code idempotency_error}), rejects unknown parameters, runs {@code operation}, stores its
     * answer (errors included, as Stripe does).
     */
    synchronized Reply handle(String authorization, String idempotencyKey, String route, MultivaluedMap<String, String> params,
                              List<String> allowedParams, Function<Params, ObjectNode> operation) {
        String expected = gateway.apiKey().filter(k -> !k.isBlank()).map(k -> "Bearer " + k).orElse(null);
        boolean authorised = authorization != null
                && (expected == null ? authorization.startsWith("Bearer sk_test_") : expected.equals(authorization.trim()));
        if (!authorised) {
            SandboxStripeException e = new SandboxStripeException(401, "invalid_request_error", null,
                    "Invalid API Key provided. Use the Authorization: Bearer header with payments.gateway.api-key.");
            return new Reply(401, e.body(), false);
        }
        String fingerprint = route + " " + new TreeMap<>(params == null ? Map.of() : params);
        if (idempotencyKey != null && !idempotencyKey.isBlank()) {
            Stored stored = idempotency.get(idempotencyKey);
            if (stored != null) {
                if (!stored.fingerprint.equals(fingerprint)) {
                    SandboxStripeException e = new SandboxStripeException(400, "idempotency_error", null,
                            "Keys for idempotent requests can only be used with the same parameters they were first used with.");
                    return new Reply(400, e.body(), false);
                }
                return new Reply(stored.status, stored.body.deepCopy(), true);
            }
        }
        Reply reply;
        try {
            Params p = new Params(params);
            p.onlyAllowed(allowedParams);
            reply = new Reply(200, operation.apply(p), false);
        } catch (SandboxStripeException e) {
            reply = new Reply(e.status, e.body(), false);
        }
        if (idempotencyKey != null && !idempotencyKey.isBlank()) {
            idempotency.put(idempotencyKey, new Stored(fingerprint, reply.status, reply.body.deepCopy()));
        }
        return reply;
    }

    /** POST /v1/checkout/sessions (mode=payment only). */
    ObjectNode createSession(Params p) {
        if (!"payment".equals(p.string("mode"))) {
            throw p.has("mode") ? SandboxStripeException.invalid("mode", "The sandbox supports mode=payment only.")
                    : SandboxStripeException.missing("mode");
        }
        Session s = new Session();
        s.id = "cs_test_" + random(40);
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
        s.amountTotal = maxAmount(total);
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
        sessions.put(s.id, s);
        openSessions.add(s.id);
        return render(s);
    }

    /** GET /v1/checkout/sessions/{id}. */
    ObjectNode retrieveSession(String id) {
        Session s = session(id);
        expireIfDue(s);
        return render(s);
    }

    /** POST /v1/checkout/sessions/{id}/expire. */
    ObjectNode expireSession(String id) {
        Session s = session(id);
        expireIfDue(s);
        if (!"open".equals(s.status)) {
            throw SandboxStripeException.unexpectedState("checkout_session_unexpected_state",
                    "Only Checkout Sessions with a status in [\"open\"] can be expired.");
        }
        expire(s);
        return render(s);
    }

    /** GET /v1/payment_intents/{id}. */
    ObjectNode retrieveIntent(String id, Collection<String> expand) {
        return render(intent(id), expand);
    }

    /** POST /v1/payment_intents: confirm=true charges of a saved card (off-session; contract §8). */
    ObjectNode createIntent(Params p) {
        long amount = maxAmount(p.positiveLong("amount"));
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
        pi.id = "pi_" + random(24);
        pi.created = now();
        pi.amount = amount;
        pi.currency = currency;
        pi.captureMethod = p.captureMethod("capture_method");
        pi.customer = customer;
        pi.description = p.string("description");
        pi.metadata = p.metadata("metadata");
        pi.status = "requires_payment_method";
        intents.put(pi.id, pi);
        if (SandboxCards.PROCESSING_PAYMENT_METHOD.equals(pm) && !failingCustomers.contains(customer)) {
            Charge ch = attempt(pi, card, pm, null, true);
            ch.status = "pending";
            pi.status = "processing";
            emit("payment_intent.processing", render(pi, List.of()));
            return render(pi, p.list("expand[]"));
        }
        boolean decline = card.declines() || failingCustomers.contains(customer);
        Charge ch = attempt(pi, card, pm, decline ? (card.declines() ? card.declineCode() : "generic_decline") : null);
        if (decline) {
            SandboxStripeException e = new SandboxStripeException(402, "card_error", "card_declined", "Your card was declined.");
            e.error.put("decline_code", ch.declineCode);
            e.error.put("charge", ch.id);
            e.error.set("payment_intent", render(pi, List.of()));
            e.error.set("payment_method", renderPaymentMethod(pi));
            throw e;
        }
        return render(pi, p.list("expand[]"));
    }

    /** POST /v1/payment_intents/{id}/capture. */
    ObjectNode capture(String id, Params p) {
        Intent pi = intent(id);
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
        return render(pi, p.list("expand[]"));
    }

    /** POST /v1/payment_intents/{id}/cancel. */
    ObjectNode cancel(String id, Params p) {
        Intent pi = intent(id);
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
        emit("payment_intent.canceled", render(pi, List.of()));
        return render(pi, p.list("expand[]"));
    }

    /** POST /v1/refunds (of a captured PaymentIntent, whole remaining amount by default). */
    ObjectNode createRefund(Params p) {
        String piId = p.string("payment_intent");
        if (piId == null && p.has("charge")) {
            Charge ch = charges.get(p.string("charge"));
            if (ch == null) {
                throw SandboxStripeException.noSuch("charge", p.string("charge"));
            }
            piId = ch.paymentIntentId;
        }
        if (piId == null) {
            throw SandboxStripeException.missing("payment_intent");
        }
        Intent pi = intent(piId);
        Charge ch = pi.latestChargeId == null ? null : charges.get(pi.latestChargeId);
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
        RefundObject r = new RefundObject();
        r.id = "re_" + random(24);
        r.created = now();
        r.amount = amount;
        r.chargeId = ch.id;
        r.paymentIntentId = pi.id;
        r.currency = pi.currency;
        r.reason = p.string("reason");
        r.metadata = p.metadata("metadata");
        refunds.put(r.id, r);
        ch.amountRefunded += amount;
        ch.refunded = ch.amountRefunded >= ch.amountCaptured;
        ch.refundIds.add(r.id);
        emit("charge.refunded", render(ch));
        return render(r);
    }

    // --- the customer at the hosted checkout -------------------------------------------------

    /**
     * What a customer's card submission did.
     *
     * @param outcome     {@code succeeded} (authorised, or paid with automatic capture) or {@code declined}
     * @param declineCode Stripe's decline code when declined
     * @param redirectUrl {@code success_url} (with {@code {CHECKOUT_SESSION_ID}} filled in) when succeeded, else null
     */
    public record PayResult(String outcome, String message, String declineCode, ObjectNode session, ObjectNode paymentIntent,
                            String redirectUrl) {
    }

    /**
     * The customer pays session {@code sessionId} with a test card.
     *
     * @throws SandboxStripeException 404 unknown session; 409 session not open; 402
     *         {@code incorrect_number} for a number that is not one of {@link SandboxCards}
     */
    synchronized PayResult pay(String sessionId, String cardNumber) {
        Session s = session(sessionId);
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
        Intent pi = s.paymentIntentId == null ? null : intents.get(s.paymentIntentId);
        if (pi == null) {
            pi = new Intent();
            pi.id = "pi_" + random(24);
            pi.created = now();
            pi.amount = s.amountTotal;
            pi.currency = s.currency;
            pi.captureMethod = s.captureMethod;
            pi.customer = s.customer;
            pi.description = s.piDescription;
            pi.metadata = new LinkedHashMap<>(s.piMetadata);
            pi.status = "requires_payment_method";
            intents.put(pi.id, pi);
            s.paymentIntentId = pi.id;
        }
        Charge ch = attempt(pi, card, "pm_" + random(24), card.declineCode());
        if (card.declines()) {
            return new PayResult("declined", "Your card was declined.", ch.declineCode, render(s), render(pi, List.of()), null);
        }
        s.status = "complete";
        s.paymentStatus = "automatic".equals(pi.captureMethod) ? "paid" : "unpaid";
        openSessions.remove(s.id);
        // attempt() already published the PaymentIntent's event; Stripe's order is not guaranteed either.
        emit("checkout.session.completed", render(s));
        String redirect = s.successUrl == null ? null : s.successUrl.replace("{CHECKOUT_SESSION_ID}", s.id);
        return new PayResult("succeeded", null, null, render(s), render(pi, List.of()), redirect);
    }

    /** Where the Cancel button of session {@code sessionId} leads (the session stays open, as at Stripe), or null. */
    synchronized String cancelUrl(String sessionId) {
        Session s = session(sessionId);
        return s.cancelUrl == null ? null : s.cancelUrl.replace("{CHECKOUT_SESSION_ID}", s.id);
    }

    /** What the hosted checkout page shows. */
    synchronized CheckoutView view(String sessionId, String error) {
        Session s = session(sessionId);
        expireIfDue(s);
        List<CheckoutView.TestCard> cards = new ArrayList<>();
        SandboxCards.BY_NUMBER.values().forEach(c -> cards.add(new CheckoutView.TestCard(c.number(), c.label())));
        return new CheckoutView(s.id, s.productName, major(s.amountTotal, s.currency), s.currency.toUpperCase(),
                s.status, "open".equals(s.status), error, cards);
    }

    /**
     * Finishes a {@code processing} PaymentIntent (sandbox control): {@code succeed} captures it
     * (payment_intent.succeeded), else it fails back to requires_payment_method (payment_intent.payment_failed).
     *
     * @throws SandboxStripeException 404 unknown; 400 payment_intent_unexpected_state when not processing
     */
    synchronized ObjectNode finishProcessing(String id, boolean succeed) {
        Intent pi = intent(id);
        if (!"processing".equals(pi.status)) {
            throw SandboxStripeException.unexpectedState("payment_intent_unexpected_state",
                    "This PaymentIntent has a status of " + pi.status + ", not processing.");
        }
        Charge ch = charges.get(pi.latestChargeId);
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
            emit("payment_intent.payment_failed", render(pi, List.of()));
        }
        return render(pi, List.of());
    }

    /** IDs of the PaymentIntents created for gateway customer {@code customer}, oldest first (sandbox control). */
    synchronized List<String> paymentIntentsOf(String customer) {
        return intents.values().stream().filter(pi -> customer.equals(pi.customer))
                .sorted(java.util.Comparator.comparingLong((Intent pi) -> pi.created).thenComparing(pi -> pi.id))
                .map(pi -> pi.id).toList();
    }

    /**
     * Every PaymentIntent the sandbox holds, oldest first (sandbox control; the money invariants
     * checker reads it): {@code id, status, amount, amount_capturable, amount_received} (minor
     * units), {@code currency, customer, metadata, checkout_session} (the session that created it,
     * or null), {@code latest_charge, amount_refunded} (of the latest charge, minor units) and
     * {@code refunds: [{id, amount, created}]}.
     */
    synchronized ArrayNode listIntents() {
        Map<String, String> sessionOf = new HashMap<>();
        sessions.values().forEach(s -> {
            if (s.paymentIntentId != null) {
                sessionOf.put(s.paymentIntentId, s.id);
            }
        });
        ArrayNode out = JSON.arrayNode();
        intents.values().stream()
                .sorted(java.util.Comparator.comparingLong((Intent pi) -> pi.created).thenComparing(pi -> pi.id))
                .forEach(pi -> {
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
                    Charge ch = pi.latestChargeId == null ? null : charges.get(pi.latestChargeId);
                    long refunded = 0;
                    ArrayNode refundList = n.putArray("refunds");
                    if (ch != null) {
                        for (String rid : ch.refundIds) {
                            RefundObject r = refunds.get(rid);
                            refunded += r.amount;
                            refundList.addObject().put("id", r.id).put("amount", r.amount).put("created", r.created);
                        }
                    }
                    n.put("amount_refunded", refunded);
                });
        return out;
    }

    /** Makes every off-session charge of {@code customer} fail with {@code card_declined} (or stop doing so). */
    synchronized void failCharges(String customer, boolean enabled) {
        if (enabled) {
            failingCustomers.add(customer);
        } else {
            failingCustomers.remove(customer);
        }
    }

    synchronized Set<String> failingCustomers() {
        return Set.copyOf(failingCustomers);
    }

    synchronized void clearFailingCustomers() {
        failingCustomers.clear();
    }

    /** Expires open sessions whose {@code expires_at} has passed (periodically, and on every read). */
    synchronized void sweepExpired() {
        long now = now();
        for (String id : List.copyOf(openSessions)) {
            Session s = sessions.get(id);
            if (s != null && s.expiresAt <= now) {
                expire(s);
            }
        }
    }

    /** Stripe's per-payment maximum (8 digits of minor units): 400 amount_too_large above it. */
    private static long maxAmount(long amount) {
        if (amount > 99_999_999L) {
            throw new SandboxStripeException(400, "invalid_request_error", "amount_too_large",
                    "Amount must be no more than 99999999 minor units.");
        }
        return amount;
    }

    // --- state transitions ---------------------------------------------------------------------

    private Charge attempt(Intent pi, Card card, String paymentMethodId, String declineCode) {
        return attempt(pi, card, paymentMethodId, declineCode, false);
    }

    /** With {@code pending}: only records the charge attempt (the PaymentIntent stays as the caller sets it). */
    private Charge attempt(Intent pi, Card card, String paymentMethodId, String declineCode, boolean pending) {
        Charge ch = new Charge();
        ch.id = "ch_" + random(24);
        ch.created = now();
        ch.paymentIntentId = pi.id;
        ch.amount = pi.amount;
        ch.currency = pi.currency;
        ch.card = card;
        ch.paymentMethodId = paymentMethodId;
        ch.metadata = pi.metadata;
        charges.put(ch.id, ch);
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
            error.set("payment_method", renderPaymentMethod(pi));
            pi.lastPaymentError = error;
            emit("payment_intent.payment_failed", render(pi, List.of()));
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
            emit("payment_intent.amount_capturable_updated", render(pi, List.of()));
        }
        return ch;
    }

    private void capture(Intent pi, long amount) {
        Charge ch = charges.get(pi.latestChargeId);
        pi.status = "succeeded";
        pi.amountReceived = amount;
        pi.amountCapturable = 0;
        ch.captured = true;
        ch.amountCaptured = amount;
        sessions.values().stream().filter(s -> pi.id.equals(s.paymentIntentId)).forEach(s -> s.paymentStatus = "paid");
        emit("payment_intent.succeeded", render(pi, List.of()));
    }

    private void cancel(Intent pi, String reason) {
        pi.status = "canceled";
        pi.cancellationReason = reason;
        pi.canceledAt = now();
        pi.amountCapturable = 0;
        Charge ch = pi.latestChargeId == null ? null : charges.get(pi.latestChargeId);
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
        openSessions.remove(s.id);
        Intent pi = s.paymentIntentId == null ? null : intents.get(s.paymentIntentId);
        if (pi != null && CANCELLABLE.contains(pi.status) && !"requires_capture".equals(pi.status)) {
            cancel(pi, "abandoned");
        }
        emit("checkout.session.expired", render(s));
    }

    private void emit(String type, ObjectNode object) {
        ObjectNode event = JSON.objectNode();
        event.put("id", "evt_" + random(24));
        event.put("object", "event");
        event.put("api_version", gateway.apiVersion());
        event.put("created", now());
        event.put("livemode", false);
        event.put("pending_webhooks", 1);
        ObjectNode request = event.putObject("request");
        request.putNull("id");
        request.putNull("idempotency_key");
        event.put("type", type);
        event.putObject("data").set("object", object);
        webhooks.publish(event);
    }

    private Session session(String id) {
        Session s = id == null ? null : sessions.get(id);
        if (s == null) {
            throw SandboxStripeException.noSuch("checkout.session", id);
        }
        return s;
    }

    private Intent intent(String id) {
        Intent pi = id == null ? null : intents.get(id);
        if (pi == null) {
            throw SandboxStripeException.noSuch("payment_intent", id);
        }
        return pi;
    }

    private long now() {
        return clock.now().getEpochSecond();
    }

    private String publicUrl() {
        return config.publicUrl().filter(u -> !u.isBlank()).map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u)
                .orElseGet(localServer::baseUrl);
    }

    static String random(int length) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(BASE62.charAt(r.nextInt(BASE62.length())));
        }
        return sb.toString();
    }

    /** Minor units as a major-unit decimal string in the currency's ISO 4217 digits. */
    static String major(long minor, String currency) {
        int digits;
        try {
            digits = Math.max(0, Currency.getInstance(currency.toUpperCase()).getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            digits = 2;
        }
        return BigDecimal.valueOf(minor).movePointLeft(digits).setScale(digits).toPlainString();
    }

    // --- Stripe JSON ---------------------------------------------------------------------------

    private ObjectNode render(Session s) {
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
        n.put("url", "open".equals(s.status) ? publicUrl() + "/sandbox/checkout/" + s.id : null);
        return n;
    }

    private ObjectNode render(Intent pi, Collection<String> expand) {
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
        n.put("client_secret", pi.id + "_secret_" + random(16));
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
        Charge ch = pi.latestChargeId == null ? null : charges.get(pi.latestChargeId);
        if (ch != null && expand.contains("latest_charge")) {
            n.set("latest_charge", render(ch));
        } else {
            n.put("latest_charge", pi.latestChargeId);
        }
        n.put("livemode", false);
        n.set("metadata", map(pi.metadata));
        if (pi.paymentMethodId != null && expand.contains("payment_method")) {
            n.set("payment_method", renderPaymentMethod(pi));
        } else {
            n.put("payment_method", pi.paymentMethodId);
        }
        n.putArray("payment_method_types").add("card");
        n.put("status", pi.status);
        return n;
    }

    private ObjectNode renderPaymentMethod(Intent pi) {
        ObjectNode pm = JSON.objectNode();
        pm.put("id", pi.paymentMethodId);
        pm.put("object", "payment_method");
        pm.put("type", "card");
        pm.set("card", card(pi.card));
        pm.put("customer", pi.customer);
        return pm;
    }

    private ObjectNode render(Charge ch) {
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
        ch.refundIds.forEach(id -> refundIds.add(render(refunds.get(id))));
        n.put("status", ch.status);
        return n;
    }

    private ObjectNode render(RefundObject r) {
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

    // --- state ---------------------------------------------------------------------------------

    private static final class Session {
        String id;
        long created;
        long amountTotal;
        String currency;
        String productName;
        String status = "open";
        String paymentStatus = "unpaid";
        String paymentIntentId;
        String clientReferenceId;
        String successUrl;
        String cancelUrl;
        String customerEmail;
        String customer;
        long expiresAt;
        Map<String, String> metadata = new LinkedHashMap<>();
        String captureMethod;
        String piDescription;
        Map<String, String> piMetadata = new LinkedHashMap<>();
    }

    private static final class Intent {
        String id;
        long created;
        long amount;
        String currency;
        String status;
        String captureMethod;
        long amountCapturable;
        long amountReceived;
        String customer;
        String description;
        String paymentMethodId;
        Card card;
        ObjectNode lastPaymentError;
        Map<String, String> metadata = new LinkedHashMap<>();
        String latestChargeId;
        Long canceledAt;
        String cancellationReason;
    }

    private static final class Charge {
        String id;
        long created;
        String paymentIntentId;
        long amount;
        String currency;
        String status;
        boolean captured;
        long amountCaptured;
        long amountRefunded;
        boolean refunded;
        String failureCode;
        String declineCode;
        Card card;
        String paymentMethodId;
        Map<String, String> metadata;
        List<String> refundIds = new ArrayList<>();
    }

    private static final class RefundObject {
        String id;
        long created;
        long amount;
        String chargeId;
        String paymentIntentId;
        String currency;
        String reason;
        Map<String, String> metadata;
    }

    /** Form parameters in Stripe's bracket notation, with Stripe's validation errors. */
    static final class Params {
        private static final Pattern CURRENCY = Pattern.compile("[a-z]{3}");
        private final MultivaluedMap<String, String> form;

        Params(MultivaluedMap<String, String> form) {
            this.form = form;
        }

        void onlyAllowed(List<String> patterns) {
            if (form == null) {
                return;
            }
            for (String key : form.keySet()) {
                if (patterns.stream().noneMatch(key::matches)) {
                    SandboxStripeException e = new SandboxStripeException(400, "invalid_request_error", "parameter_unknown",
                            "Received unknown parameter: " + key);
                    e.error.put("param", key);
                    throw e;
                }
            }
        }

        boolean has(String key) {
            return string(key) != null;
        }

        String string(String key) {
            if (form == null) {
                return null;
            }
            String v = form.getFirst(key);
            return v == null || v.isEmpty() ? null : v;
        }

        String required(String key) {
            String v = string(key);
            if (v == null) {
                throw SandboxStripeException.missing(key);
            }
            return v;
        }

        long positiveLong(String key) {
            String v = required(key);
            try {
                long n = Long.parseLong(v);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw SandboxStripeException.invalid(key, "Invalid positive integer: " + key);
        }

        String currency(String key) {
            String v = required(key);
            if (!CURRENCY.matcher(v).matches()) {
                throw SandboxStripeException.invalid(key, "Invalid currency: " + v
                        + ". The sandbox expects a lower-case ISO 4217 code, as Stripe documents.");
            }
            return v;
        }

        String captureMethod(String key) {
            String v = string(key);
            if (v == null) {
                return "automatic";
            }
            if (!v.equals("manual") && !v.equals("automatic")) {
                throw SandboxStripeException.invalid(key, "Invalid " + key + ": must be one of automatic, manual");
            }
            return v;
        }

        List<String> list(String key) {
            if (form == null) {
                return List.of();
            }
            List<String> values = new ArrayList<>();
            form.forEach((k, v) -> {
                if (k.equals(key) || k.matches(Pattern.quote(key.substring(0, key.length() - 2)) + "\\[\\d+\\]")) {
                    values.addAll(v);
                }
            });
            return values;
        }

        Map<String, String> metadata(String prefix) {
            Map<String, String> m = new LinkedHashMap<>();
            if (form == null) {
                return m;
            }
            Pattern p = Pattern.compile(Pattern.quote(prefix) + "\\[([^\\[\\]]+)\\]");
            new TreeMap<>(form).forEach((k, v) -> {
                Matcher matcher = p.matcher(k);
                if (matcher.matches() && !v.isEmpty()) {
                    m.put(matcher.group(1), v.get(0));
                }
            });
            return m;
        }
    }
}
