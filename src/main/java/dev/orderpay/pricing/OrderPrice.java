package dev.orderpay.pricing;

import java.util.Objects;

/**
 * The priced figures of one order, all in minor units (contract §5 rule 6).
 *
 * @param orderId        the order No.
 * @param amount         list price before savings
 * @param discountAmount what the discount takes off
 * @param couponAmount   what the order's (at most one) coupon takes off
 * @param payableAmount  {@code amount − discountAmount − couponAmount}
 * @throws IllegalArgumentException if a figure is negative or they do not add up
 */
public record OrderPrice(String orderId, long amount, long discountAmount, long couponAmount, long payableAmount) {

    public OrderPrice {
        Objects.requireNonNull(orderId, "orderId");
        if (amount < 0 || discountAmount < 0 || couponAmount < 0 || payableAmount < 0
                || payableAmount != amount - discountAmount - couponAmount) {
            throw new IllegalArgumentException("Inconsistent price for order " + orderId + ": amount " + amount
                    + ", discount " + discountAmount + ", coupon " + couponAmount + ", payable " + payableAmount);
        }
    }
}
