package dev.orderpay.order;

import dev.orderpay.notify.NotificationKind;
import dev.orderpay.notify.NotificationService;
import dev.orderpay.notify.NotificationTexts;
import dev.orderpay.platform.ApiException;
import dev.orderpay.platform.AppClock;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Approval of orders that need review (contract §4.2), by an approver, across customers.
 * Each decision locks the order's whole combined purchase in one
 * {@code SELECT … FOR NO KEY UPDATE} ordered by order_id, so concurrent decisions on orders of
 * one purchase are serialised and exactly one of them releases it. The customer
 * notification is written to the outbox in the same transaction.
 */
@ApplicationScoped
public class ApprovalService {

    private final OrderRepository orders;
    private final NotificationService notifications;
    private final AppClock clock;

    public ApprovalService(OrderRepository orders, NotificationService notifications, AppClock clock) {
        this.orders = orders;
        this.notifications = notifications;
        this.clock = clock;
    }

    /** One order of the decided combined purchase: status after the decision, approval time (UTC) if approved. */
    public record OrderDecision(String orderId, OrderStatus status, Instant approvedAt) {
    }

    /**
     * The answer to a decision. {@code payable}: the order (with its whole combined
     * purchase) is now {@code pending_payment}. {@code notificationId}: the customer
     * notification this decision queued, or null (an approval still waiting for other
     * orders of the purchase).
     */
    public record Decision(String orderId, String decision, String combinedPurchaseId, boolean payable,
                           List<OrderDecision> orders, String notificationId) {
    }

    /**
     * Approves a {@code pending_approval} order. When it was the last one of its combined
     * purchase (or a single order) waiting for approval, all of them become
     * {@code pending_payment} together and one notification (email + SMS) tells the
     * customer they can now be paid; until then it stays {@code pending_approval} with
     * {@code approved_at} set. Approving an already approved order again changes nothing.
     *
     * @throws ApiException 404 ORDER_NOT_FOUND; 409 ORDER_EXPIRED past its deadline;
     *                      409 ORDER_STATUS_CHANGED when not pending_approval (both with {@code orders})
     */
    @WithTransaction
    public Uni<Decision> approve(String orderId, String approver) {
        return lockPurchase(orderId).chain(group -> {
            Instant now = clock.now();
            Order target = requirePendingApproval(group, orderId, now);
            if (target.approvedAt != null) {
                return Uni.createFrom().item(decision(target, "approved", group, now, null));
            }
            target.recordApproval(approver, now);
            boolean othersWaiting = group.stream()
                    .anyMatch(o -> o.effectiveStatus(now) == OrderStatus.PENDING_APPROVAL && o.approvedAt == null);
            if (othersWaiting) {
                return Uni.createFrom().item(decision(target, "approved", group, now, null));
            }
            group.stream().filter(o -> o.effectiveStatus(now) == OrderStatus.PENDING_APPROVAL).forEach(o -> o.approve(now));
            List<Order> payable = group.stream().filter(o -> o.effectiveStatus(now) == OrderStatus.PENDING_PAYMENT).toList();
            Instant payBy = payable.stream().map(o -> o.expiresAt).min(Comparator.naturalOrder()).orElse(null);
            List<String> ids = payable.stream().map(o -> o.orderId).toList();
            return notifications.enqueue(target.customerId, NotificationKind.ORDERS_APPROVED, ids,
                            NotificationTexts.approved(ids, payBy))
                    .map(nid -> decision(target, "approved", group, now, nid));
        });
    }

    /**
     * Rejects a {@code pending_approval} order: it and the other unpaid orders of its
     * combined purchase become {@code cancelled}, and one notification (email + SMS) tells
     * the customer. {@code reason} (optional, at most 500 characters) is stored and quoted.
     *
     * @throws ApiException 400 VALIDATION_FAILED for a too long reason; 404 ORDER_NOT_FOUND;
     *                      409 ORDER_EXPIRED / ORDER_STATUS_CHANGED as for approve;
     *                      409 ORDER_NOT_CANCELLABLE when an online checkout holds an order of the purchase
     */
    @WithTransaction
    public Uni<Decision> reject(String orderId, String approver, String reason) {
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        if (why != null && why.length() > 500) {
            return Uni.createFrom().failure(ApiException.validation("reason", "must be at most 500 characters"));
        }
        return lockPurchase(orderId).chain(group -> {
            Instant now = clock.now();
            Order target = requirePendingApproval(group, orderId, now);
            for (Order o : group) {
                if (o.effectiveStatus(now) == OrderStatus.PAYMENT_IN_PROGRESS) {
                    return Uni.createFrom().failure(ApiException.conflict("ORDER_NOT_CANCELLABLE",
                            "order " + o.orderId + " of this combined purchase is held by an online checkout"));
                }
            }
            List<Order> cancelled = group.stream().filter(o -> o.effectiveStatus(now).unpaid()).toList();
            cancelled.forEach(o -> o.reject(approver, why, now));
            List<String> ids = cancelled.stream().map(o -> o.orderId).toList();
            return notifications.enqueue(target.customerId, NotificationKind.ORDERS_REJECTED, ids,
                            NotificationTexts.rejected(ids, why))
                    .map(nid -> decision(target, "rejected", group, now, nid));
        });
    }

    /**
     * The order and every order of its combined purchase, locked, ordered by order_id.
     * The owner is read first as a bare value (not an entity), so that the locked query is
     * the first to load the orders into the session and their state is the committed one.
     */
    private Uni<List<Order>> lockPurchase(String orderId) {
        return orders.ownerOf(orderId)
                .chain(customerId -> customerId == null
                        ? Uni.createFrom().failure(OrderService.orderNotFound(orderId))
                        : orders.lockWithCombinedPurchases(customerId, List.of(orderId)));
    }

    private static Order requirePendingApproval(List<Order> group, String orderId, Instant now) {
        Order target = group.stream().filter(o -> o.orderId.equals(orderId)).findFirst()
                .orElseThrow(() -> OrderService.orderNotFound(orderId));
        OrderStatus s = target.effectiveStatus(now);
        if (s != OrderStatus.PENDING_APPROVAL) {
            boolean expired = s == OrderStatus.EXPIRED;
            throw ApiException.conflict(expired ? "ORDER_EXPIRED" : "ORDER_STATUS_CHANGED",
                    "order " + orderId + " is " + s.wire() + (expired ? " (past its payment deadline)" : "")
                            + "; only pending_approval orders can be approved or rejected")
                    .with("orders", List.of(new OrderStatusItem(target.orderId, s)));
        }
        return target;
    }

    private static Decision decision(Order target, String what, List<Order> group, Instant now, String notificationId) {
        List<OrderDecision> list = group.stream()
                .map(o -> new OrderDecision(o.orderId, o.effectiveStatus(now), o.approvedAt)).toList();
        boolean payable = Objects.equals(target.effectiveStatus(now), OrderStatus.PENDING_PAYMENT);
        return new Decision(target.orderId, what, target.combinedPurchaseId, payable, list, notificationId);
    }
}
