package dev.orderpay.pricing;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A coupon as pricing sees it (contract §5). The caller has already checked that it belongs to the
 * customer and is {@code available}; pricing checks eligibility, validity, currency and min_spend.
 *
 * @param couponId              the coupon's ID
 * @param type                  cash or discount coupon
 * @param balance               cash coupon: remaining balance in minor units (≥ 0); discount coupon: 0
 * @param percentOffBp          discount coupon: percent off in basis points, in (0, 10000]; cash coupon: 0
 * @param minSpend              minor units the coupon's eligible orders must come to after discount (≥ 0)
 * @param maxDeduction          discount coupon: cap on its total over one payment in minor units (≥ 0),
 *                              null = uncapped; cash coupon: null
 * @param currency              cash coupon: required; discount coupon: null = any currency, but required
 *                              when {@code minSpend > 0} or {@code maxDeduction != null} (they are money)
 * @param serviceTypes          service types it covers; empty (or null) = all
 * @param orderTypes            order types it covers; empty (or null) = all
 * @param validFrom             first instant it applies (inclusive), null = unbounded
 * @param validUntil            instant it stops applying (exclusive), null = unbounded
 * @param stackableWithDiscount whether it may be used on an order that also gets the discount
 * @throws IllegalArgumentException if the fields do not describe a coupon of {@code type}
 */
public record CouponTerms(String couponId, CouponType type, long balance, long percentOffBp, long minSpend,
                          Long maxDeduction, String currency, Set<String> serviceTypes, Set<String> orderTypes,
                          Instant validFrom, Instant validUntil, boolean stackableWithDiscount) {

    public CouponTerms {
        Objects.requireNonNull(couponId, "couponId");
        Objects.requireNonNull(type, "type");
        String what = "Coupon " + couponId;
        if (currency != null) {
            MinorUnits.digits(currency);
        }
        if (minSpend < 0) {
            throw new IllegalArgumentException(what + ": negative min_spend " + minSpend);
        }
        switch (type) {
            case CASH -> {
                require(currency != null, what + ": a cash coupon needs a currency");
                require(balance >= 0, what + ": negative balance " + balance);
                require(percentOffBp == 0 && maxDeduction == null,
                        what + ": a cash coupon has no percent off or max deduction");
            }
            case DISCOUNT -> {
                Eligibility.requirePercent(percentOffBp, what);
                require(balance == 0, what + ": a discount coupon has no balance");
                require(maxDeduction == null || maxDeduction >= 0, what + ": negative max deduction");
                require(currency != null || (minSpend == 0 && maxDeduction == null),
                        what + ": min_spend and max_deduction need a currency");
            }
        }
        serviceTypes = Eligibility.copy(serviceTypes);
        orderTypes = Eligibility.copy(orderTypes);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
