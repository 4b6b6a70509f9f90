package dev.orderpay.pricing;

import java.util.Objects;

/**
 * One unpaid order as pricing sees it.
 *
 * @param orderId     the order No.
 * @param serviceType e.g. {@code hws.service.type.ec2}
 * @param orderType   e.g. {@code new_purchase}
 * @param currency    a {@link MinorUnits#SUPPORTED} ISO 4217 code
 * @param amount      list price before savings, in minor units, 0 to 10^9 major units (contract §2)
 * @throws IllegalArgumentException if a field is null, the currency is unsupported or the amount is
 *     out of range
 */
public record PricedOrderInput(String orderId, String serviceType, String orderType, String currency, long amount) {

    public PricedOrderInput {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(serviceType, "serviceType");
        Objects.requireNonNull(orderType, "orderType");
        if (amount < 0 || amount > MinorUnits.maxOrderAmount(currency)) {
            throw new IllegalArgumentException("Order " + orderId + ": amount " + amount
                    + " minor units is outside 0.." + MinorUnits.maxOrderAmount(currency) + " " + currency);
        }
    }
}
