package dev.orderpay.payment;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;

/**
 * A payment of one or more orders (contract §6). Amounts in minor units of
 * {@code currency}; {@code totalPayable} is what the customer is charged.
 *
 * <p>This class is the only writer of {@link #status}: every change is one of the named
 * transitions below, checked against {@link PaymentStatus#ALLOWED}; a forbidden one is a bug
 * and throws {@link IllegalStateException}. Callers ({@link PaymentTransitions}) decide
 * whether a transition applies (they are no-ops for a payment already past it).
 */
@Entity
@Table(name = "payment")
public class Payment extends PanacheEntityBase {

    @Id
    public String paymentId;
    public String customerId;
    public PaymentStatus status;
    public PaymentMethod method;
    public String currency;
    public long totalAmount;
    public long totalDiscount;
    public long totalCoupon;
    public long totalPayable;
    public String discountId;
    /** Comma-separated coupon IDs, in request order. */
    public String couponIds = "";
    /** JSON array of {@link SkippedOrder} ({order_id, status, reason}): orders of the request that were not paid. */
    public String skippedOrders = "[]";
    /** Stripe Checkout Session ID ({@code cs_...}) of an online payment. */
    public String checkoutSessionId;
    public String checkoutUrl;
    public Instant checkoutExpiresAt;
    /** Stripe PaymentIntent ID ({@code pi_...}) once the checkout created one. */
    public String paymentIntentId;
    public String failureReason;
    /** Minor units refunded at the gateway ({@code charge.refunded}); equals totalPayable when status is refunded by a full refund. */
    public long refundedAmount;
    public Instant createdAt;
    public Instant updatedAt;
    /** Reconciliation leaves an open payment alone until then (claimed by one instance at a time). */
    public Instant reconcileAfter;
    @Version
    public long version;

    @Transient
    public List<PaymentItem> items = List.of();

    /**
     * Starts a new payment in {@code initial} ({@link PaymentStatus#INITIAL}).
     *
     * @throws IllegalStateException when it already has a status or {@code initial} is not a starting status
     */
    public void start(PaymentStatus initial) {
        if (status != null || !PaymentStatus.INITIAL.contains(initial)) {
            throw new IllegalStateException("payment " + paymentId + " cannot start as " + initial.wire()
                    + (status == null ? "" : ", it is already " + status.wire()));
        }
        status = initial;
    }

    /** requires_action → processing: the card was authorised at the gateway as {@code paymentIntentId}. */
    public void markProcessing(String paymentIntentId, Instant now) {
        moveTo(PaymentStatus.PROCESSING, now);
        this.paymentIntentId = paymentIntentId;
    }

    /** An open payment ends without money: {@code failed} or {@code cancelled}, with {@code reason} (contract §6 failure_reason). */
    public void end(PaymentStatus failedOrCancelled, String reason, Instant now) {
        if (failedOrCancelled != PaymentStatus.FAILED && failedOrCancelled != PaymentStatus.CANCELLED) {
            throw new IllegalArgumentException("a payment ends failed or cancelled, not " + failedOrCancelled.wire());
        }
        moveTo(failedOrCancelled, now);
        failureReason = reason;
    }

    /** The money was captured as {@code paymentIntentId}: → succeeded. */
    public void succeed(String paymentIntentId, Instant now) {
        moveTo(PaymentStatus.SUCCEEDED, now);
        this.paymentIntentId = paymentIntentId;
        failureReason = null;
    }

    /** Money that could not pay its orders was returned: → refunded, with {@code reason} (e.g. amount_mismatch) or null. */
    public void refundUnpayable(String reason, Instant now) {
        moveTo(PaymentStatus.REFUNDED, now);
        failureReason = reason;
    }

    /**
     * Records what the gateway reports refunded in total so far ({@code charge.refunded}):
     * {@code refundedAmount} only grows and never exceeds {@code totalPayable}; reaching it makes
     * a succeeded payment refunded. Returns false when nothing changed (a repeated or older report).
     *
     * @param refundedSoFar minor units refunded in total, as the gateway reports it
     * @throws IllegalStateException for a payment that never received money
     */
    public boolean recordGatewayRefund(long refundedSoFar, Instant now) {
        if (status != PaymentStatus.SUCCEEDED && status != PaymentStatus.REFUNDED) {
            throw new IllegalStateException("payment " + paymentId + " is " + status.wire() + ": nothing was paid to refund");
        }
        long amount = Math.min(refundedSoFar, totalPayable);
        if (amount <= refundedAmount) {
            return false;
        }
        refundedAmount = amount;
        if (fullyRefunded() && status == PaymentStatus.SUCCEEDED) {
            moveTo(PaymentStatus.REFUNDED, now);
        }
        updatedAt = now;
        return true;
    }

    /** Whether the gateway refunded all of {@code totalPayable}. */
    public boolean fullyRefunded() {
        return refundedAmount >= totalPayable;
    }

    private void moveTo(PaymentStatus next, Instant now) {
        if (status == null || !status.canBecome(next)) {
            throw new IllegalStateException("payment " + paymentId + " cannot go from "
                    + (status == null ? "nothing" : status.wire()) + " to " + next.wire() + " (PaymentStatus.ALLOWED)");
        }
        status = next;
        updatedAt = now;
    }

    public List<String> couponIdList() {
        return couponIds == null || couponIds.isEmpty() ? List.of() : List.of(couponIds.split(","));
    }
}
