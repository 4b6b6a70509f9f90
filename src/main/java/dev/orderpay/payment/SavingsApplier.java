package dev.orderpay.payment;

import dev.orderpay.order.Order;
import dev.orderpay.platform.ApiException;
import dev.orderpay.pricing.MinorUnits;
import dev.orderpay.pricing.PriceBreakdown;
import dev.orderpay.pricing.PricedOrderInput;
import dev.orderpay.pricing.Pricer;
import dev.orderpay.pricing.PricingException;
import dev.orderpay.savings.Coupon;
import dev.orderpay.savings.CouponRedemption;
import dev.orderpay.savings.Discount;
import dev.orderpay.savings.SavingsViews;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Applies a request's discount and coupons (contract §5) to the orders left after the
 * checks of §6: loads them (row-locked when paying, so two payments never both get a
 * coupon's value), prices with the pure {@link Pricer}, and records what each coupon
 * gives. Runs inside the caller's transaction.
 */
@ApplicationScoped
public class SavingsApplier {

    /** The priced request: the breakdown and the savings rows it used. */
    public record Priced(PriceBreakdown breakdown, Discount discount, List<Coupon> coupons) {
    }

    /**
     * Prices {@code checked.payable()} with the request's savings.
     *
     * @throws ApiException 422 DISCOUNT_NOT_APPLICABLE / COUPON_NOT_APPLICABLE / COUPON_DISCOUNT_CONFLICT /
     *                      COUPON_COMBINATION_NOT_ALLOWED, 409 COUPON_ALREADY_USED
     */
    public Uni<Priced> price(String customerId, PaymentRules.Checked checked, PaymentRequest req, Instant now, boolean lock) {
        Uni<Discount> discountUni = req.discountId() == null ? Uni.createFrom().nullItem()
                : Discount.<Discount>find("discountId = ?1 and customerId = ?2", req.discountId(), customerId).firstResult();
        List<String> couponIds = req.couponIdsOrEmpty();
        return discountUni.flatMap(discount -> {
            if (req.discountId() != null && discount == null) {
                return Uni.createFrom().failure(ApiException.unprocessable("DISCOUNT_NOT_APPLICABLE",
                        "discount " + req.discountId() + " is not available to this account").with("discount_id", req.discountId()));
            }
            Uni<List<Coupon>> couponsUni = couponIds.isEmpty() ? Uni.createFrom().item(List.of())
                    : lock ? Coupon.<Coupon>find("couponId in ?1 and customerId = ?2 order by couponId", couponIds, customerId)
                            .withLock(LockModeType.PESSIMISTIC_WRITE).list()
                    : Coupon.<Coupon>find("couponId in ?1 and customerId = ?2 order by couponId", couponIds, customerId).list();
            return couponsUni.map(coupons -> {
                Map<String, Coupon> byId = coupons.stream().collect(Collectors.toMap(c -> c.couponId, c -> c));
                for (String id : couponIds) {
                    Coupon c = byId.get(id);
                    if (c == null) {
                        throw ApiException.unprocessable("COUPON_NOT_APPLICABLE",
                                "coupon " + id + " is not available to this account").with("coupon_id", id);
                    }
                    if (!"available".equals(c.status)) {
                        throw ApiException.conflict("COUPON_ALREADY_USED", "coupon " + id + " is "
                                + c.status + " and cannot be used").with("coupon_id", id);
                    }
                }
                List<PricedOrderInput> inputs = inputs(checked.payable());
                try {
                    PriceBreakdown b = Pricer.price(inputs, discount == null ? null : discount.terms(),
                            couponIds.stream().map(id -> byId.get(id).terms()).toList(), now);
                    return new Priced(b, discount, couponIds.stream().map(byId::get).toList());
                } catch (PricingException e) {
                    throw toApi(e);
                }
            });
        });
    }

    /** Consumes what a succeeded payment took from its coupons (monthly settlement, or online success). */
    public Uni<Void> consumeNow(String paymentId, Priced priced, Instant now) {
        return record(paymentId, priced, now, "consumed");
    }

    /** Reserves what an online checkout takes from its coupons until it ends (contract §5 rule 7). */
    public Uni<Void> reserve(String paymentId, Priced priced, Instant now) {
        return record(paymentId, priced, now, "reserved");
    }

    /**
     * Records what each coupon gives this payment. A coupon that gives 0 (a discount coupon on
     * orders already 100 % discounted, a cash coupon whose orders have nothing left to pay) is
     * neither reserved nor consumed: no redemption row, status and balance untouched, so it stays
     * usable later (issue #10, defect 9).
     */
    private Uni<Void> record(String paymentId, Priced priced, Instant now, String state) {
        if (priced.coupons().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<CouponRedemption> rows = new ArrayList<>();
        for (Coupon c : priced.coupons()) {
            long used = priced.breakdown().couponUsage().getOrDefault(c.couponId, 0L);
            if (used == 0) {
                continue;
            }
            if (c.cash()) {
                c.balance = c.balance - used;
            }
            boolean spent = !c.cash() || c.balance == 0;
            c.status = "reserved".equals(state) ? "reserved" : spent ? "used" : "available";
            c.updatedAt = now;
            CouponRedemption r = new CouponRedemption();
            r.paymentId = paymentId;
            r.couponId = c.couponId;
            r.amount = used;
            r.state = state;
            r.createdAt = now;
            r.updatedAt = now;
            rows.add(r);
        }
        return rows.isEmpty() ? Uni.createFrom().voidItem() : CouponRedemption.persist(rows);
    }

    /**
     * Ends the reservations of an online payment: {@code success} consumes them, otherwise
     * the coupons return to available with their balance restored exactly. Idempotent.
     */
    public Uni<Void> settleReservations(String paymentId, boolean success, Instant now) {
        return CouponRedemption.<CouponRedemption>find("paymentId = ?1 and state = 'reserved' order by couponId", paymentId)
                .list().flatMap(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    List<String> ids = rows.stream().map(r -> r.couponId).toList();
                    return Coupon.<Coupon>find("couponId in ?1 order by couponId", ids)
                            .withLock(LockModeType.PESSIMISTIC_WRITE).list().map(coupons -> {
                                Map<String, Coupon> byId = coupons.stream().collect(Collectors.toMap(c -> c.couponId, c -> c));
                                for (CouponRedemption r : rows) {
                                    Coupon c = byId.get(r.couponId);
                                    if (success) {
                                        c.status = !c.cash() || c.balance == 0 ? "used" : "available";
                                        r.state = "consumed";
                                    } else {
                                        if (c.cash()) {
                                            c.balance = c.balance + r.amount;
                                        }
                                        c.status = "available";
                                        r.state = "released";
                                    }
                                    c.updatedAt = now;
                                    r.updatedAt = now;
                                }
                                return null;
                            });
                }).replaceWithVoid();
    }

    /**
     * The quote of contract §5: the breakdown, the skipped orders, and the customer's usable
     * discounts and coupons for these orders (so the page can offer choices).
     */
    public Uni<Map<String, Object>> quote(String customerId, PaymentRules.Checked checked, Priced priced, Instant now) {
        PriceBreakdown b = priced.breakdown();
        List<PricedOrderInput> inputs = inputs(checked.payable());
        return Discount.<Discount>find("customerId = ?1 order by discountId", customerId).list()
                .flatMap(discounts -> Coupon.<Coupon>find("customerId = ?1 and status = 'available' order by couponId", customerId)
                        .list().map(coupons -> {
                            String c = b.currency();
                            Map<String, Object> q = new LinkedHashMap<>();
                            q.put("currency", c);
                            q.put("orders", b.orders().stream().map(o -> {
                                Map<String, Object> m = new LinkedHashMap<>();
                                m.put("order_id", o.orderId());
                                m.put("amount", MinorUnits.format(o.amount(), c));
                                m.put("discount_amount", MinorUnits.format(o.discountAmount(), c));
                                m.put("coupon_amount", MinorUnits.format(o.couponAmount(), c));
                                m.put("payable_amount", MinorUnits.format(o.payableAmount(), c));
                                return m;
                            }).toList());
                            q.put("total_amount", MinorUnits.format(b.totalAmount(), c));
                            q.put("total_discount", MinorUnits.format(b.totalDiscount(), c));
                            q.put("total_coupon", MinorUnits.format(b.totalCoupon(), c));
                            q.put("total_payable", MinorUnits.format(b.totalPayable(), c));
                            q.put("available_discounts", discounts.stream()
                                    .filter(d -> inputs.stream().anyMatch(i -> Pricer.discountApplies(d.terms(), i, now)))
                                    .map(d -> SavingsViews.discount(d, now)).toList());
                            // offered: coupons that would price on these orders with the chosen discount (min_spend met…)
                            q.put("available_coupons", coupons.stream()
                                    .filter(cp -> inputs.stream().anyMatch(i -> Pricer.couponEligible(cp.terms(), i, now)))
                                    .filter(cp -> prices(inputs, priced.discount(), cp, now))
                                    .map(cp -> SavingsViews.coupon(cp, now)).toList());
                            q.put("skipped_orders", checked.skipped());
                            return q;
                        }));
    }

    private static boolean prices(List<PricedOrderInput> inputs, Discount discount, Coupon coupon, Instant now) {
        try {
            Pricer.price(inputs, discount == null ? null : discount.terms(), List.of(coupon.terms()), now);
            return true;
        } catch (PricingException e) {
            return false;
        }
    }

    private static List<PricedOrderInput> inputs(List<Order> orders) {
        return orders.stream()
                .map(o -> new PricedOrderInput(o.orderId, o.serviceType, o.orderType.wire(), o.currency, o.amount))
                .toList();
    }

    private static ApiException toApi(PricingException e) {
        ApiException api = "VALIDATION_FAILED".equals(e.errorCode())
                ? ApiException.validation(e.field() == null ? "coupon_ids" : e.field(), e.getMessage())
                : ApiException.unprocessable(e.errorCode(), e.getMessage());
        if (e.couponId() != null) {
            api.with("coupon_id", e.couponId());
        }
        if (e.discountId() != null) {
            api.with("discount_id", e.discountId());
        }
        return api;
    }
}
