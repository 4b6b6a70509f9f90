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
