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
    /** JSON array of {order_id, status, reason}: orders of the request that were not paid. */
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

    public List<String> couponIdList() {
        return couponIds == null || couponIds.isEmpty() ? List.of() : List.of(couponIds.split(","));
    }
}
