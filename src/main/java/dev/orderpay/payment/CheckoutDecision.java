package dev.orderpay.payment;

import dev.orderpay.gateway.PaymentGateway.CheckoutSession;
import dev.orderpay.gateway.PaymentGateway.PaymentIntent;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What to do with an online payment given the gateway's state (contract §6, §7), as a pure
 * function: no I/O, no clock, no framework. {@link CheckoutSettler} gathers the facts (the
 * Checkout Session and PaymentIntent re-read from the gateway), asks {@link #decide}, and
 * carries the answer out at the gateway and in the database.
 *
 * <p>Rules, first match wins:
 * <ol>
 * <li>PaymentIntent {@code requires_capture}: amount or currency differ from {@code total_payable}
 *     → cancel the authorisation, failed/amount_mismatch; card not an accepted credit card →
 *     cancel, failed/card_not_accepted; else → capture (then succeed, or refund when its orders
 *     can no longer be paid).</li>
 * <li>{@code succeeded}: amount received differs → refund, refunded/amount_mismatch; else → succeed
 *     or refund.</li>
 * <li>{@code canceled} (by a concurrent settler or at the gateway) → failed, with the reason the
 *     card itself shows (card_declined, card_not_accepted, amount_mismatch, else gateway_error).</li>
 * <li>Checkout Session {@code expired} → cancelled/checkout_expired.</li>
 * <li>Declined, or past our checkout deadline, with a session and a first look → expire the
 *     session at the gateway, then failed/card_declined or cancelled/checkout_expired (or, if the
 *     customer completed it meanwhile, look again once).</li>
 * <li>Past the deadline without a session → cancelled/checkout_expired.</li>
 * <li>Otherwise → wait: the customer is still at checkout or the gateway is still processing.</li>
 * </ol>
 */
public final class CheckoutDecision {

    private CheckoutDecision() {
    }

    /** The kind of step to take. */
    public enum Action {
        /** Capture the authorised PaymentIntent, then succeed or refund. */
        CAPTURE,
        /** Cancel the authorisation, then end the payment with {@code status}/{@code reason}. */
        CANCEL_AUTHORISATION,
        /** Refund the money received, then record {@code refunded} with {@code reason}. */
        REFUND,
        /** The money is captured: pay the orders if they are still held, else refund. */
        SUCCEED_OR_REFUND,
        /** End the payment with {@code status}/{@code reason}; nothing to do at the gateway. */
        END,
        /** Expire the Checkout Session at the gateway; if it expired, end with {@code status}/{@code reason}, else look again. */
        EXPIRE_CHECKOUT,
        /** Nothing to do yet. */
        WAIT
    }

    /** A decision: the action and, for the ending ones, the final status and failure_reason. */
    public record Decision(Action action, PaymentStatus status, String reason) {
        static Decision of(Action action) {
            return new Decision(action, null, null);
        }
    }

    /** What the decision needs of our payment: {@code totalPayable} in minor units of {@code currency}; deadline UTC or null. */
    public record PaymentFacts(long totalPayable, String currency, Instant checkoutExpiresAt) {
        static PaymentFacts of(Payment p) {
            return new PaymentFacts(p.totalPayable, p.currency, p.checkoutExpiresAt);
        }
    }

    /**
     * Decides (rules above).
     *
     * @param session        the Checkout Session as the gateway has it, or null (none created)
     * @param pi             its PaymentIntent as the gateway has it, or null (none yet)
     * @param now            the current time (UTC)
     * @param acceptedBrands lower-case card brands accepted ({@code payments.gateway.accepted-brands})
     * @param firstLook      false when already looking again after a failed expiry (no second expiry)
     */
    public static Decision decide(PaymentFacts p, CheckoutSession session, PaymentIntent pi, Instant now,
                                  List<String> acceptedBrands, boolean firstLook) {
        if (pi != null && "requires_capture".equals(pi.status())) {
            if (!amountMatches(p, pi.amount(), pi.currency())) {
                return new Decision(Action.CANCEL_AUTHORISATION, PaymentStatus.FAILED, "amount_mismatch");
            }
            if (!cardAccepted(pi, acceptedBrands)) {
                return new Decision(Action.CANCEL_AUTHORISATION, PaymentStatus.FAILED, "card_not_accepted");
            }
            return Decision.of(Action.CAPTURE);
        }
        if (pi != null && "succeeded".equals(pi.status())) {
            if (!amountMatches(p, pi.amountReceived(), pi.currency())) {
                return new Decision(Action.REFUND, PaymentStatus.REFUNDED, "amount_mismatch");
            }
            return Decision.of(Action.SUCCEED_OR_REFUND);
        }
        if (pi != null && "canceled".equals(pi.status())) {
            String reason = pi.lastErrorCode() != null ? "card_declined"
                    : pi.cardBrand() != null && !cardAccepted(pi, acceptedBrands) ? "card_not_accepted"
                    : pi.cardBrand() != null && !amountMatches(p, pi.amount(), pi.currency()) ? "amount_mismatch"
                    : "gateway_error";
            return new Decision(Action.END, PaymentStatus.FAILED, reason);
        }
        if (session != null && "expired".equals(session.status())) {
            return new Decision(Action.END, PaymentStatus.CANCELLED, "checkout_expired");
        }
        boolean declined = pi != null && "requires_payment_method".equals(pi.status()) && pi.lastErrorCode() != null;
        boolean pastDeadline = p.checkoutExpiresAt() != null && !now.isBefore(p.checkoutExpiresAt());
        if ((declined || pastDeadline) && session != null && firstLook) {
            return declined ? new Decision(Action.EXPIRE_CHECKOUT, PaymentStatus.FAILED, "card_declined")
                    : new Decision(Action.EXPIRE_CHECKOUT, PaymentStatus.CANCELLED, "checkout_expired");
        }
        if (pastDeadline && session == null) {
            return new Decision(Action.END, PaymentStatus.CANCELLED, "checkout_expired");
        }
        return Decision.of(Action.WAIT);
    }

    static boolean amountMatches(PaymentFacts p, long amount, String currency) {
        return amount == p.totalPayable() && p.currency().equalsIgnoreCase(currency);
    }

    /** Accepted brands and credit funding only (contract §6). */
    static boolean cardAccepted(PaymentIntent pi, List<String> acceptedBrands) {
        return pi.cardBrand() != null && acceptedBrands.contains(pi.cardBrand().toLowerCase(Locale.ROOT))
                && "credit".equalsIgnoreCase(pi.cardFunding());
    }
}
