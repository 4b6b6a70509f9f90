package dev.orderpay.savings;

import dev.orderpay.pricing.MinorUnits;
import java.time.Instant;
import java.util.List;

/**
 * A coupon as contract §5 shows it ({@code GET /v1/coupons}, a grant's 201 answer, a quote's
 * {@code available_coupons}); fields render in this order, nulls written out. Money is a decimal
 * string in {@code currency} ({@code min_spend} is {@code "0"} when the coupon has no currency);
 * cash-only members ({@code face_value}, {@code balance}) are null for a discount coupon and
 * {@code percent_off} (a percentage string such as {@code "15.00"}) is null for a cash one; times
 * are UTC; {@code status} is available, reserved, used or expired at the time of the answer.
 */
public record CouponView(String couponId, String type, String faceValue, String balance, String percentOff,
                         String minSpend, String maxDeduction, String currency, List<String> serviceTypes,
                         List<String> orderTypes, Instant validFrom, Instant validUntil, boolean stackableWithDiscount,
                         String status) {

    /** The coupon as seen at {@code now}. */
    public static CouponView of(Coupon c, Instant now) {
        String cur = c.currency;
        return new CouponView(c.couponId, c.type,
                c.cash() ? MinorUnits.format(c.faceValue, cur) : null,
                c.cash() ? MinorUnits.format(c.balance, cur) : null,
                c.cash() ? null : MinorUnits.formatPercent(c.percentOffBp),
                cur == null ? "0" : MinorUnits.format(c.minSpend, cur),
                c.maxDeduction == null ? null : MinorUnits.format(c.maxDeduction, cur),
                cur, List.copyOf(Lists.set(c.serviceTypes)), List.copyOf(Lists.set(c.orderTypes)), c.validFrom,
                c.validUntil, c.stackableWithDiscount, c.status(now).wire());
    }

    /** The answer of {@code GET /v1/coupons}: {@code {"coupons": [...]}}. */
    public record Coupons(List<CouponView> coupons) {
    }
}
