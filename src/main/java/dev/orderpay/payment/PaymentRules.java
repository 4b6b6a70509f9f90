package dev.orderpay.payment;

import dev.orderpay.order.Order;
import dev.orderpay.order.OrderService;
import dev.orderpay.order.OrderStatus;
import dev.orderpay.order.OrderStatusItem;
import dev.orderpay.platform.ApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The order checks of a payment request, contract §6 checks 1–6, as pure code over the
 * orders already loaded (and locked) for the request. Savings (check 7) and the method
 * (check 8) follow in {@link PaymentService}.
 */
public final class PaymentRules {

    /** The prompt of check 2, verbatim from the contract. */
    public static final String APPROVAL_PROMPT = "Once the following orders are approved, a notification will be sent "
            + "to the phone number and email specified for your account, and then you will be able to pay for your orders.";
    /** The message of check 4, verbatim from the contract. */
    public static final String CONTRACT_PROMPT = "Please verify that this order is independent of the contract. "
            + "Otherwise, you cannot make the payment.";

    private PaymentRules() {
    }

    /**
     * What is left to pay after checks 1–6.
     *
     * @param payable orders to pay, by order_id
     * @param skipped orders of a combined payment that are not paid, by order_id
     * @param currency the one currency of {@code payable}
     */
    public record Checked(List<Order> payable, List<SkippedOrder> skipped, String currency) {
    }

    /**
     * Applies checks 1–6 of contract §6.
     *
     * @param requestedIds the request's order IDs (already validated: 1–30, distinct)
     * @param loaded       the caller's orders among them plus all orders of their combined purchases
     * @throws ApiException 404 ORDER_NOT_FOUND, 409 ORDERS_PENDING_APPROVAL, 422 COMBINED_PURCHASE_INCOMPLETE,
     *                      422 CONTRACT_CONFIRMATION_REQUIRED, 409 ORDER_STATUS_CHANGED / ORDER_EXPIRED,
     *                      422 CURRENCY_MISMATCH
     */
    public static Checked check(List<String> requestedIds, List<Order> loaded, boolean contractConfirmed, Instant now) {
        Map<String, Order> byId = new LinkedHashMap<>();
        loaded.forEach(o -> byId.put(o.orderId, o));
        Set<String> requested = new HashSet<>(requestedIds);
        // 1. all the caller's (another customer's order was never loaded)
        for (String id : requestedIds) {
            if (!byId.containsKey(id)) {
                throw OrderService.orderNotFound(id);
            }
        }
        List<Order> orders = requestedIds.stream().sorted().map(byId::get).toList();
        // 2. pending approval
        List<String> pendingApproval = orders.stream()
                .filter(o -> o.effectiveStatus(now) == OrderStatus.PENDING_APPROVAL).map(o -> o.orderId).toList();
        if (!pendingApproval.isEmpty()) {
            throw ApiException.conflict("ORDERS_PENDING_APPROVAL", APPROVAL_PROMPT)
                    .with("pending_approval_orders", pendingApproval);
        }
        // 3. combined purchases complete (their still-unpaid orders)
        Set<String> missing = new TreeSet<>();
        for (Order o : loaded) {
            if (o.combinedPurchaseId != null && !requested.contains(o.orderId) && o.effectiveStatus(now).unpaid()
                    && orders.stream().anyMatch(r -> o.combinedPurchaseId.equals(r.combinedPurchaseId))) {
                missing.add(o.orderId);
            }
        }
        if (!missing.isEmpty()) {
            throw ApiException.unprocessable("COMBINED_PURCHASE_INCOMPLETE",
                            "orders of one combined purchase must be paid together; add the missing orders")
                    .with("missing_order_ids", List.copyOf(missing));
        }
        // 4. contract overlap needs confirmation
        List<String> overlapping = orders.stream().filter(o -> o.contractOverlap).map(o -> o.orderId).toList();
        if (!overlapping.isEmpty() && !contractConfirmed) {
            throw ApiException.unprocessable("CONTRACT_CONFIRMATION_REQUIRED", CONTRACT_PROMPT)
                    .with("order_ids", overlapping);
        }
        // 5. status re-check at payment time
        List<Order> payable = new ArrayList<>();
        List<SkippedOrder> skipped = new ArrayList<>();
        if (orders.size() == 1) {
            Order o = orders.get(0);
            OrderStatus s = o.effectiveStatus(now);
            if (s == OrderStatus.EXPIRED) {
                throw statusError("ORDER_EXPIRED", "the order is past its payment deadline", List.of(o), now);
            }
            if (s != OrderStatus.PENDING_PAYMENT) {
                throw statusError("ORDER_STATUS_CHANGED", "the order can no longer be paid (status " + s.wire() + ")",
                        List.of(o), now);
            }
            List<Order> blockers = unpayableSiblings(o, loaded, now);
            if (!blockers.isEmpty()) {
                throw statusError("ORDER_STATUS_CHANGED", "another order of its combined purchase can no longer be paid",
                        blockers, now);
            }
            payable.add(o);
        } else {
            Set<String> blockedPurchases = new HashSet<>();
            for (Order o : orders) {
                if (o.combinedPurchaseId != null && (o.effectiveStatus(now) != OrderStatus.PENDING_PAYMENT
                        || !unpayableSiblings(o, loaded, now).isEmpty())) {
                    blockedPurchases.add(o.combinedPurchaseId);
                }
            }
            for (Order o : orders) {
                OrderStatus s = o.effectiveStatus(now);
                if (s != OrderStatus.PENDING_PAYMENT) {
                    skipped.add(new SkippedOrder(o.orderId, s,
                            s == OrderStatus.EXPIRED ? SkippedOrder.SkipReason.EXPIRED : SkippedOrder.SkipReason.STATUS_CHANGED));
                } else if (o.combinedPurchaseId != null && blockedPurchases.contains(o.combinedPurchaseId)) {
                    skipped.add(new SkippedOrder(o.orderId, s, SkippedOrder.SkipReason.COMBINED_PURCHASE_NOT_PAYABLE));
                } else {
                    payable.add(o);
                }
            }
            if (payable.isEmpty()) {
                throw statusError("ORDER_STATUS_CHANGED", "none of the orders can be paid any more", orders, now);
            }
        }
        // 6. one currency
        Set<String> currencies = new TreeSet<>();
        payable.forEach(o -> currencies.add(o.currency));
        if (currencies.size() > 1) {
            throw ApiException.unprocessable("CURRENCY_MISMATCH",
                    "one payment is in one currency; these orders are in " + String.join(", ", currencies));
        }
        return new Checked(payable, skipped, currencies.iterator().next());
    }

    /**
     * Orders of {@code o}'s combined purchase (other than {@code o}) that expired or were
     * cancelled: the purchase is paid together or not at all (contract §4, §6 check 5).
     */
    private static List<Order> unpayableSiblings(Order o, List<Order> loaded, Instant now) {
        if (o.combinedPurchaseId == null) {
            return List.of();
        }
        return loaded.stream().filter(x -> x != o && o.combinedPurchaseId.equals(x.combinedPurchaseId))
                .filter(x -> {
                    OrderStatus s = x.effectiveStatus(now);
                    return s == OrderStatus.EXPIRED || s == OrderStatus.CANCELLED;
                }).toList();
    }

    private static ApiException statusError(String code, String detail, List<Order> orders, Instant now) {
        List<OrderStatusItem> list = orders.stream().map(o -> new OrderStatusItem(o.orderId, o.effectiveStatus(now))).toList();
        return ApiException.conflict(code, detail).with("orders", list);
    }
}
