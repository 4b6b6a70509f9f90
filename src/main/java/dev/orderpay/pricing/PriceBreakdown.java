package dev.orderpay.pricing;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * The priced payment: per-order figures and their totals, all in minor units of {@code currency}
 * (contract §5 rule 6). Immutable; maps iterate in ascending key order.
 *
 * @param currency      the orders' currency
 * @param orders        one entry per order, sorted by order ID ascending
 * @param totalAmount   Σ amount
 * @param totalDiscount Σ discountAmount
 * @param totalCoupon   Σ couponAmount
 * @param totalPayable  Σ payableAmount
 * @param couponUsage   coupon ID → what the coupon gives in total; for a cash coupon, how much its
 *                      balance drops
 * @param couponShares  coupon ID → order ID → that order's share of the coupon, for every order the
 *                      coupon is eligible for (a share may be 0)
 * @throws IllegalArgumentException if a total is not the exact sum of the per-order figures
 */
public record PriceBreakdown(String currency, List<OrderPrice> orders, long totalAmount, long totalDiscount,
                             long totalCoupon, long totalPayable, Map<String, Long> couponUsage,
                             Map<String, Map<String, Long>> couponShares) {

    public PriceBreakdown {
        Objects.requireNonNull(currency, "currency");
        orders = List.copyOf(orders);
        couponUsage = sortedCopy(couponUsage);
        TreeMap<String, Map<String, Long>> shares = new TreeMap<>();
        couponShares.forEach((couponId, perOrder) -> shares.put(couponId, sortedCopy(perOrder)));
        couponShares = Collections.unmodifiableMap(shares);
        requireSum(totalAmount, orders, OrderPrice::amount, "amount");
        requireSum(totalDiscount, orders, OrderPrice::discountAmount, "discount");
        requireSum(totalCoupon, orders, OrderPrice::couponAmount, "coupon");
        requireSum(totalPayable, orders, OrderPrice::payableAmount, "payable");
    }

    private static <V> Map<String, V> sortedCopy(Map<String, V> map) {
        return Collections.unmodifiableMap(new TreeMap<>(map));
    }

    private static void requireSum(long total, List<OrderPrice> orders, ToLongFunction<OrderPrice> figure,
                                   String name) {
        long sum = 0;
        for (OrderPrice order : orders) {
            sum = Math.addExact(sum, figure.applyAsLong(order));
        }
        if (sum != total) {
            throw new IllegalArgumentException("Total " + name + " " + total + " is not the sum " + sum);
        }
    }
}
