package dev.orderpay.order;

/**
 * One order of the {@code orders} member of a 409 {@code ORDER_STATUS_CHANGED} / {@code ORDER_EXPIRED}
 * problem (contract §9): renders as {@code {"order_id", "status"}}, the status as it is now.
 */
public record OrderStatusItem(String orderId, OrderStatus status) {
}
