package dev.orderpay.order;

import dev.orderpay.pricing.MinorUnits;
import java.time.Instant;
import java.util.List;

/**
 * An order as the API shows it (contract §4): money as decimal strings with the
 * currency's ISO 4217 digits, times UTC, {@code status} the effective status at read time.
 */
public record OrderView(String orderId, String serviceType, String serviceTypeName, OrderType orderType,
                        OrderStatus status, String currency, String amount, Instant createdAt, Instant expiresAt,
                        String combinedPurchaseId, boolean contractOverlap, List<LineItemView> lineItems) {

    /** One line item (contract §4). */
    public record LineItemView(String productId, String description, int quantity, String unitPrice, String amount,
                               String region) {
    }

    /** The view of {@code o} at {@code now}; {@code serviceTypeName} from the catalogue. */
    public static OrderView of(Order o, String serviceTypeName, Instant now) {
        List<LineItemView> lines = o.lineItems.stream()
                .map(l -> new LineItemView(l.productId, l.description, l.quantity,
                        MinorUnits.format(l.unitPrice, o.currency), MinorUnits.format(l.amount, o.currency), l.region))
                .toList();
        return new OrderView(o.orderId, o.serviceType, serviceTypeName, o.orderType, o.effectiveStatus(now), o.currency,
                MinorUnits.format(o.amount, o.currency), o.createdAt, o.expiresAt, o.combinedPurchaseId,
                o.contractOverlap, lines);
    }
}
