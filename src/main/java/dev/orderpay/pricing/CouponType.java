package dev.orderpay.pricing;

/** Kind of coupon (contract §5). */
public enum CouponType {
    /** Pays a sum out of a remaining balance, in the coupon's currency. */
    CASH,
    /** Takes a percentage off the amount after discount, optionally capped. */
    DISCOUNT
}
