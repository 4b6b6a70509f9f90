package dev.orderpay.order;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.util.List;

/**
 * An order the ordering system created for a customer (contract §4). {@code amount} is the
 * list price in minor units of {@code currency} (= sum of its line items); times are UTC.
 *
 * <p>This class is the only writer of {@link #status}: every change goes through one of the
 * named transitions below, each checked against {@link OrderStatus#ALLOWED}. A transition the
 * table forbids is a bug in the caller and throws {@link IllegalStateException} (the request
 * fails with 500 and its transaction rolls back); callers check the business rule first and
 * answer the contract's error themselves.
 */
@Entity(name = "CustomerOrder")
@Table(name = "customer_order")
public class Order extends PanacheEntityBase {

    @Id
    public String orderId;
    public String customerId;
    public String serviceType;
    public OrderType orderType;
    public OrderStatus status;
    public String currency;
    public long amount;
    public Instant createdAt;
    public Instant expiresAt;
    public String combinedPurchaseId;
    public boolean contractOverlap;
    public boolean requiresApproval;
    /** SHA-256 of the creation content, to make creation idempotent per order_id (contract §4.2). */
    public String contentHash;
    public String paymentId;
    public Instant paidAt;
    public Instant updatedAt;
    /** When an approver approved it (contract §4.2); it stays pending_approval until its whole combined purchase is approved. */
    public Instant approvedAt;
    /** The approver's JWT subject. */
    public String approvedBy;
    /** When an approver rejected it (or another order of its combined purchase); status is then cancelled. */
    public Instant rejectedAt;
    public String rejectedBy;
    public String rejectionReason;

    @Transient
    public List<LineItem> lineItems = List.of();

    /**
     * A read-only copy of a stored order for a search page (issue #13 item 2), built from a row
     * the reactive client read: not managed by Hibernate, never persisted or flushed. Not a
     * transition: it copies the status the row holds.
     */
    static Order readOnly(String orderId, String customerId, String serviceType, OrderType orderType, OrderStatus status,
                          String currency, long amount, Instant createdAt, Instant expiresAt, String combinedPurchaseId,
                          boolean contractOverlap, List<LineItem> lineItems) {
        Order o = new Order();
        o.orderId = orderId;
        o.customerId = customerId;
        o.serviceType = serviceType;
        o.orderType = orderType;
        o.status = status;
        o.currency = currency;
        o.amount = amount;
        o.createdAt = createdAt;
        o.expiresAt = expiresAt;
        o.combinedPurchaseId = combinedPurchaseId;
        o.contractOverlap = contractOverlap;
        o.lineItems = lineItems;
        return o;
    }

    /** A new order starts {@code pending_approval} when it needs review, else {@code pending_payment}. */
    public void place(Instant now) {
        if (status != null) {
            throw new IllegalStateException("order " + orderId + " is already " + status.wire());
        }
        status = requiresApproval ? OrderStatus.PENDING_APPROVAL : OrderStatus.PENDING_PAYMENT;
        updatedAt = now;
    }

    /** Records one approver's approval; the status stays {@code pending_approval} until {@link #approve}. */
    public void recordApproval(String approver, Instant now) {
        requireStatus(OrderStatus.PENDING_APPROVAL, "record an approval");
        approvedAt = now;
        approvedBy = approver;
        updatedAt = now;
    }

    /** pending_approval → pending_payment: its whole combined purchase is approved (contract §4.2). */
    public void approve(Instant now) {
        moveTo(OrderStatus.PENDING_APPROVAL, OrderStatus.PENDING_PAYMENT, now);
    }

    /** An approver's rejection: → cancelled, with who, when and why (contract §4.2). */
    public void reject(String approver, String reason, Instant now) {
        moveTo(OrderStatus.CANCELLED, now);
        rejectedAt = now;
        rejectedBy = approver;
        rejectionReason = reason;
    }

    /** The customer's cancel (contract §4.2): → cancelled. */
    public void cancel(Instant now) {
        moveTo(OrderStatus.CANCELLED, now);
    }

    /** pending_payment → payment_in_progress: an online checkout of {@code paymentId} holds it (contract §6). */
    public void holdForCheckout(String paymentId, Instant now) {
        moveTo(OrderStatus.PAYMENT_IN_PROGRESS, now);
        this.paymentId = paymentId;
    }

    /** → paid by {@code paymentId} at {@code now} (monthly settlement, a free or a captured online payment). */
    public void markPaid(String paymentId, Instant now) {
        moveTo(OrderStatus.PAID, now);
        this.paymentId = paymentId;
        paidAt = now;
    }

    /** payment_in_progress → pending_payment: the checkout holding it ended without money (contract §6, §7). */
    public void release(Instant now) {
        moveTo(OrderStatus.PAYMENT_IN_PROGRESS, OrderStatus.PENDING_PAYMENT, now);
        paymentId = null;
    }

    /** Whether an online checkout of {@code paymentId} holds this order now. */
    public boolean heldBy(String paymentId) {
        return status == OrderStatus.PAYMENT_IN_PROGRESS && paymentId.equals(this.paymentId);
    }

    private void moveTo(OrderStatus next, Instant now) {
        moveTo(status, next, now);
    }

    private void moveTo(OrderStatus expected, OrderStatus next, Instant now) {
        if (status != expected || status == null || !status.canBecome(next)) {
            throw new IllegalStateException("order " + orderId + " cannot go from " + (status == null ? "nothing" : status.wire())
                    + " to " + next.wire() + " (OrderStatus.ALLOWED)");
        }
        status = next;
        updatedAt = now;
    }

    private void requireStatus(OrderStatus expected, String what) {
        if (status != expected) {
            throw new IllegalStateException("order " + orderId + " is " + (status == null ? "nothing" : status.wire())
                    + ", cannot " + what);
        }
    }

    /**
     * The status as the customer sees it at {@code now}: an unpaid order past its deadline
     * is {@code expired} whether or not the expiry job has run, unless an online checkout
     * holds it (contract §4).
     */
    public OrderStatus effectiveStatus(Instant now) {
        if ((status == OrderStatus.PENDING_APPROVAL || status == OrderStatus.PENDING_PAYMENT)
                && !expiresAt.isAfter(now)) {
            return OrderStatus.EXPIRED;
        }
        return status;
    }
}
