package dev.orderpay.order;

import java.time.Instant;
import java.util.List;

/**
 * Body of {@code POST /v1/admin/orders} (contract §4.2). Money fields are decimal strings
 * with the currency's minor digits; the service computes every amount from
 * quantity × unit_price.
 */
public record CreateOrdersRequest(String customerId, Boolean combined, List<NewOrder> orders) {

    /** One order to create; {@code order_id} optional (generated when absent). */
    public record NewOrder(String orderId, String serviceType, String orderType, String currency,
                           List<NewLineItem> lineItems, Boolean requiresApproval, Boolean contractOverlap,
                           Instant expiresAt) {
    }

    /** One line; {@code amount}, when given, must equal quantity × unit_price. */
    public record NewLineItem(String productId, String description, Integer quantity, String unitPrice,
                              String amount, String region) {
    }
}
