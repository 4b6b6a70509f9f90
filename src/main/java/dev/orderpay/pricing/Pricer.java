package dev.orderpay.pricing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Prices a payment: applies one discount and up to three coupons to 1–30 orders (contract §5).
 * Pure and deterministic: integer arithmetic in minor units only, and the result does not depend on
 * the order in which orders or coupons are given (both are processed sorted by ID, in
 * {@link String#compareTo} order — for the contract's {@code [A-Za-z0-9_-]} IDs, ASCII order).
 *
 * <p>Checks run in a fixed order, so the same request always reports the same error: coupon count and
 * duplicates; at most one cash coupon; the discount; each coupon in ascending coupon-ID order (currency, validity, eligible
 * orders, discount conflict, min_spend); then one coupon per order.
 */
public final class Pricer {

    /** Most orders in one payment (contract §1). */
    public static final int MAX_ORDERS = 30;
    /** Most coupons in one payment (contract §5 rule 2). */
    public static final int MAX_COUPONS = 3;

    private static final long HALF_PERCENT_UNIT = MinorUnits.FULL_PERCENT_BP / 2;

    private Pricer() {
    }

    /**
     * Prices the orders with the given savings at {@code now}.
     *
     * <p>Per order (contract §5 rule 3): the discount first — {@code round_half_up(amount × percent)}
     * (rule 1) — then at most one coupon on the amount after discount. A discount coupon takes
     * {@code round_half_up(after × percent)} per order; if that sums above its max deduction, the
     * max deduction is split instead. A cash coupon gives {@code min(balance, Σ after discount)}.
     * Split sums go over the coupon's eligible orders in proportion to their amount after discount,
     * by largest remainder (rule 5).
     *
     * @param orders         1–30 orders with distinct IDs, all in one currency (checked by the caller)
     * @param discountOrNull the chosen discount, or null
     * @param coupons        the chosen coupons (null = none); the caller has checked ownership and status
     * @param now            the instant validity windows are checked against
     * @return the breakdown, orders sorted by order ID, all figures in minor units
     * @throws PricingException {@code VALIDATION_FAILED} for more than 3 or repeated coupons;
     *     {@code COUPON_COMBINATION_NOT_ALLOWED} for a second cash coupon in the request (contract §5 rule 2;
     *     the second cash coupon in coupon-ID order is reported);
     *     {@code DISCOUNT_NOT_APPLICABLE} if the discount applies to no order;
     *     {@code COUPON_NOT_APPLICABLE} if a coupon is not valid at {@code now}, is in another currency,
     *     matches no order, or its eligible orders come to less than its min_spend after discount;
     *     {@code COUPON_DISCOUNT_CONFLICT} if a non-stackable coupon is eligible for a discounted order;
     *     {@code COUPON_COMBINATION_NOT_ALLOWED} if two coupons are eligible for one order (the later
     *     coupon ID is reported)
     * @throws IllegalArgumentException if the caller's preconditions on {@code orders} do not hold
     */
    public static PriceBreakdown price(List<PricedOrderInput> orders, DiscountTerms discountOrNull,
                                       List<CouponTerms> coupons, Instant now) {
        Objects.requireNonNull(now, "now");
        List<PricedOrderInput> sorted = sortedOrders(orders);
        List<CouponTerms> sortedCoupons = sortedCoupons(coupons);
        String currency = sorted.get(0).currency();
        int n = sorted.size();

        boolean[] discounted = discountedOrders(discountOrNull, sorted, now);
        long[] discountAmount = new long[n];
        long[] remaining = new long[n];
        for (int i = 0; i < n; i++) {
            long amount = sorted.get(i).amount();
            discountAmount[i] = discounted[i] ? percentOf(amount, discountOrNull.percentOffBp()) : 0;
            remaining[i] = amount - discountAmount[i];
        }

        Map<String, int[]> couponOrders = new TreeMap<>();
        for (CouponTerms coupon : sortedCoupons) {
            couponOrders.put(coupon.couponId(),
                    applicableOrders(coupon, sorted, discountOrNull, discounted, remaining, now));
        }
        requireOneCouponPerOrder(sortedCoupons, couponOrders, sorted);

        long[] couponAmount = new long[n];
        Map<String, Long> usage = new TreeMap<>();
        Map<String, Map<String, Long>> shares = new TreeMap<>();
        for (CouponTerms coupon : sortedCoupons) {
            int[] indexes = couponOrders.get(coupon.couponId());
            long[] split = couponShares(coupon, pick(remaining, indexes));
            Map<String, Long> perOrder = new TreeMap<>();
            long used = 0;
            for (int j = 0; j < indexes.length; j++) {
                couponAmount[indexes[j]] = split[j];
                perOrder.put(sorted.get(indexes[j]).orderId(), split[j]);
                used += split[j];
            }
            usage.put(coupon.couponId(), used);
            shares.put(coupon.couponId(), perOrder);
        }
        return breakdown(currency, sorted, discountAmount, couponAmount, usage, shares);
    }

    /**
     * Whether the discount applies to the order at {@code now}: its service and order type lists
     * match (empty = all) and {@code now} is in [validFrom, validUntil) (contract §5 rule 1).
     */
    public static boolean discountApplies(DiscountTerms discount, PricedOrderInput order, Instant now) {
        return Eligibility.validAt(discount.validFrom(), discount.validUntil(), now)
                && Eligibility.matchesTypes(discount.serviceTypes(), discount.orderTypes(), order);
    }

    /**
     * Whether the coupon could be used on the order at {@code now}: valid, type lists match (empty =
     * all) and, if the coupon has a currency, it is the order's (contract §5 rules 2 and 4). Request-wide
     * conditions (min_spend, other coupons, the discount) are checked by {@link #price}.
     */
    public static boolean couponEligible(CouponTerms coupon, PricedOrderInput order, Instant now) {
        return Eligibility.validAt(coupon.validFrom(), coupon.validUntil(), now)
                && (coupon.currency() == null || coupon.currency().equals(order.currency()))
                && Eligibility.matchesTypes(coupon.serviceTypes(), coupon.orderTypes(), order);
    }

    /** {@code round_half_up(minor × bp / 10000)}, exact for non-negative inputs. */
    static long percentOf(long minor, long bp) {
        return Math.addExact(Math.multiplyExact(minor, bp), HALF_PERCENT_UNIT) / MinorUnits.FULL_PERCENT_BP;
    }

    private static List<PricedOrderInput> sortedOrders(List<PricedOrderInput> orders) {
        if (orders == null || orders.isEmpty() || orders.size() > MAX_ORDERS) {
            throw new IllegalArgumentException("A payment has 1.." + MAX_ORDERS + " orders");
        }
        List<PricedOrderInput> sorted = new ArrayList<>(orders);
        sorted.sort(Comparator.comparing(PricedOrderInput::orderId));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).orderId().equals(sorted.get(i - 1).orderId())) {
                throw new IllegalArgumentException("Duplicate order " + sorted.get(i).orderId());
            }
            if (!sorted.get(i).currency().equals(sorted.get(0).currency())) {
                throw new IllegalArgumentException("Orders in more than one currency");
            }
        }
        return sorted;
    }

    private static List<CouponTerms> sortedCoupons(List<CouponTerms> coupons) {
        if (coupons == null) {
            return List.of();
        }
        if (coupons.size() > MAX_COUPONS) {
            throw PricingException.validation("coupon_ids",
                    "At most " + MAX_COUPONS + " coupons can be used in one payment; " + coupons.size() + " given.");
        }
        Set<String> seen = new HashSet<>();
        for (CouponTerms coupon : coupons) {
            if (!seen.add(coupon.couponId())) {
                throw PricingException.validation("coupon_ids",
                        "Coupon " + coupon.couponId() + " is listed more than once.");
            }
        }
        List<CouponTerms> sorted = new ArrayList<>(coupons);
        sorted.sort(Comparator.comparing(CouponTerms::couponId));
        requireAtMostOneCashCoupon(sorted);
        return sorted;
    }

    // Contract §5 rule 2: at most one cash coupon per request, whichever orders each would cover.
    private static void requireAtMostOneCashCoupon(List<CouponTerms> sortedCoupons) {
        String firstCash = null;
        for (CouponTerms coupon : sortedCoupons) {
            if (coupon.type() != CouponType.CASH) {
                continue;
            }
            if (firstCash != null) {
                throw PricingException.coupon(PricingException.Code.COUPON_COMBINATION_NOT_ALLOWED,
                        coupon.couponId(), null, "Cash coupons " + firstCash + " and " + coupon.couponId()
                                + " cannot be used together; a payment can take only one cash coupon.");
            }
            firstCash = coupon.couponId();
        }
    }

    private static boolean[] discountedOrders(DiscountTerms discount, List<PricedOrderInput> orders, Instant now) {
        boolean[] discounted = new boolean[orders.size()];
        if (discount == null) {
            return discounted;
        }
        boolean any = false;
        for (int i = 0; i < discounted.length; i++) {
            discounted[i] = discountApplies(discount, orders.get(i), now);
            any |= discounted[i];
        }
        if (!any) {
            throw PricingException.discount(PricingException.Code.DISCOUNT_NOT_APPLICABLE, discount.discountId(),
                    "Discount " + discount.discountId() + " cannot be used: "
                            + whyNot(discount.validFrom(), discount.validUntil(), now,
                            "it does not cover any of these orders") + ".");
        }
        return discounted;
    }

    /** Indexes of the coupon's eligible orders, after its own checks (contract §5 rules 2 and 4). */
    private static int[] applicableOrders(CouponTerms coupon, List<PricedOrderInput> orders, DiscountTerms discount,
                                          boolean[] discounted, long[] remaining, Instant now) {
        String id = coupon.couponId();
        String currency = orders.get(0).currency();
        if (coupon.currency() != null && !coupon.currency().equals(currency)) {
            throw notApplicable(id, "Coupon " + id + " is in " + coupon.currency()
                    + " but these orders are in " + currency + ".");
        }
        int[] eligible = IntStream.range(0, orders.size())
                .filter(i -> couponEligible(coupon, orders.get(i), now))
                .toArray();
        if (eligible.length == 0) {
            throw notApplicable(id, "Coupon " + id + " cannot be used: "
                    + whyNot(coupon.validFrom(), coupon.validUntil(), now,
                    "it does not cover any of these orders") + ".");
        }
        if (!coupon.stackableWithDiscount()) {
            for (int i : eligible) {
                if (discounted[i]) {
                    throw PricingException.coupon(PricingException.Code.COUPON_DISCOUNT_CONFLICT, id,
                            discount.discountId(), "Coupon " + id + " cannot be combined with discount "
                                    + discount.discountId() + ", which applies to order "
                                    + orders.get(i).orderId() + ".");
                }
            }
        }
        long spend = sum(pick(remaining, eligible));
        if (spend < coupon.minSpend()) {
            throw notApplicable(id, "Coupon " + id + " needs a minimum spend of "
                    + MinorUnits.format(coupon.minSpend(), currency) + " " + currency
                    + " on the orders it covers; they come to " + MinorUnits.format(spend, currency) + " "
                    + currency + " after discount.");
        }
        return eligible;
    }

    // Contract §5 rule 2, widened to two discount coupons too, so no result depends on coupon order.
    private static void requireOneCouponPerOrder(List<CouponTerms> coupons, Map<String, int[]> couponOrders,
                                                 List<PricedOrderInput> orders) {
        String[] holder = new String[orders.size()];
        for (CouponTerms coupon : coupons) {
            for (int i : couponOrders.get(coupon.couponId())) {
                if (holder[i] != null) {
                    throw PricingException.coupon(PricingException.Code.COUPON_COMBINATION_NOT_ALLOWED,
                            coupon.couponId(), null, "Coupons " + holder[i] + " and " + coupon.couponId()
                                    + " both apply to order " + orders.get(i).orderId()
                                    + "; an order can take only one coupon.");
                }
                holder[i] = coupon.couponId();
            }
        }
    }

    /** The coupon's share of each eligible order, given their amounts after discount (rule 5). */
    private static long[] couponShares(CouponTerms coupon, long[] remaining) {
        long remainingSum = sum(remaining);
        return switch (coupon.type()) {
            case CASH -> LargestRemainder.split(Math.min(coupon.balance(), remainingSum), remaining);
            case DISCOUNT -> {
                long[] shares = new long[remaining.length];
                for (int j = 0; j < remaining.length; j++) {
                    shares[j] = percentOf(remaining[j], coupon.percentOffBp());
                }
                Long cap = coupon.maxDeduction();
                yield cap != null && sum(shares) > cap ? LargestRemainder.split(cap, remaining) : shares;
            }
        };
    }

    private static PriceBreakdown breakdown(String currency, List<PricedOrderInput> orders, long[] discountAmount,
                                            long[] couponAmount, Map<String, Long> usage,
                                            Map<String, Map<String, Long>> shares) {
        List<OrderPrice> prices = new ArrayList<>(orders.size());
        long totalAmount = 0;
        long totalDiscount = 0;
        long totalCoupon = 0;
        long totalPayable = 0;
        for (int i = 0; i < orders.size(); i++) {
            long amount = orders.get(i).amount();
            long payable = amount - discountAmount[i] - couponAmount[i];
            prices.add(new OrderPrice(orders.get(i).orderId(), amount, discountAmount[i], couponAmount[i], payable));
            totalAmount += amount;
            totalDiscount += discountAmount[i];
            totalCoupon += couponAmount[i];
            totalPayable += payable;
        }
        return new PriceBreakdown(currency, prices, totalAmount, totalDiscount, totalCoupon, totalPayable,
                usage, shares);
    }

    private static String whyNot(Instant validFrom, Instant validUntil, Instant now, String otherwise) {
        if (Eligibility.notYetValid(validFrom, now)) {
            return "it is valid only from " + validFrom;
        }
        if (Eligibility.expired(validUntil, now)) {
            return "it expired at " + validUntil;
        }
        return otherwise;
    }

    private static PricingException notApplicable(String couponId, String message) {
        return PricingException.coupon(PricingException.Code.COUPON_NOT_APPLICABLE, couponId, null, message);
    }

    private static long[] pick(long[] values, int[] indexes) {
        return IntStream.of(indexes).mapToLong(i -> values[i]).toArray();
    }

    private static long sum(long[] values) {
        long sum = 0;
        for (long value : values) {
            sum = Math.addExact(sum, value);
        }
        return sum;
    }
}
