package dev.orderpay.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderpay.sandbox.SandboxCards.Card;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the sandbox gateway holds, in memory, per process: its Checkout Sessions, PaymentIntents,
 * charges and refunds with Stripe's field names, and the customers whose saved cards fail.
 * Amounts are minor units, times epoch seconds (UTC). Not thread-safe: {@link SandboxStripe}
 * holds its lock around every use; {@link SandboxTransitions} changes them, {@link SandboxJson}
 * renders them.
 */
final class SandboxRecords {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** A Checkout Session (mode=payment). {@code status}: open, complete, expired; {@code paymentStatus}: unpaid, paid. */
    static final class Session {
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

    /** A PaymentIntent; {@code status} is Stripe's (requires_payment_method, requires_capture, processing, succeeded, canceled). */
    static final class Intent {
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

    /** A charge attempt of a PaymentIntent; {@code status}: pending, succeeded, failed. */
    static final class Charge {
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

    /** A refund of a charge (always succeeded). */
    static final class Refund {
        String id;
        long created;
        long amount;
        String chargeId;
        String paymentIntentId;
        String currency;
        String reason;
        Map<String, String> metadata;
    }

    final Map<String, Session> sessions = new HashMap<>();
    /** IDs of the sessions still open, in creation order (what the expiry sweep visits). */
    final Set<String> openSessions = new LinkedHashSet<>();
    final Map<String, Intent> intents = new HashMap<>();
    final Map<String, Charge> charges = new HashMap<>();
    final Map<String, Refund> refunds = new HashMap<>();
    /** Gateway customers whose off-session charges are declined (sandbox control). */
    final Set<String> failingCustomers = new HashSet<>();

    /** @throws SandboxStripeException 404 {@code resource_missing} */
    Session session(String id) {
        Session s = id == null ? null : sessions.get(id);
        if (s == null) {
            throw SandboxStripeException.noSuch("checkout.session", id);
        }
        return s;
    }

    /** @throws SandboxStripeException 404 {@code resource_missing} */
    Intent intent(String id) {
        Intent pi = id == null ? null : intents.get(id);
        if (pi == null) {
            throw SandboxStripeException.noSuch("payment_intent", id);
        }
        return pi;
    }

    /** The PaymentIntent's latest charge, or null. */
    Charge latestCharge(Intent pi) {
        return pi.latestChargeId == null ? null : charges.get(pi.latestChargeId);
    }

    /** Every PaymentIntent, oldest first (ties by ID). */
    List<Intent> intentsOldestFirst() {
        return intents.values().stream()
                .sorted(Comparator.comparingLong((Intent pi) -> pi.created).thenComparing(pi -> pi.id)).toList();
    }

    /** A random base-62 string of {@code length} characters, for Stripe-like IDs ({@code pi_…}, {@code ch_…}). */
    static String random(int length) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(BASE62.charAt(r.nextInt(BASE62.length())));
        }
        return sb.toString();
    }
}
