package dev.orderpay.payment;

import dev.orderpay.order.Order;
import dev.orderpay.platform.ApiException;
import dev.orderpay.pricing.MinorUnits;
import dev.orderpay.pricing.PriceBreakdown;
import dev.orderpay.pricing.PricedOrderInput;
import dev.orderpay.pricing.Pricer;
import dev.orderpay.pricing.PricingException;
import dev.orderpay.savings.Coupon;
import dev.orderpay.savings.CouponLedger;
import dev.orderpay.savings.CouponView;
import dev.orderpay.savings.Discount;
import dev.orderpay.savings.DiscountView;
import dev.orderpay.savings.SavingsService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * Applies a request's discount and coupons (contract §5) to the orders left after the
 * checks of §6: asks {@link SavingsService} for the discount and {@link CouponLedger} for the
 * coupons (row-locked when paying, so two payments never both get a coupon's value), prices
 * with the pure {@link Pricer}, and asks the ledger to reserve, consume or release what each
 * coupon gives. Runs inside the caller's transaction; it queries no savings entity itself.
 */
@ApplicationScoped
public class SavingsApplier {

    private final CouponLedger ledger;
    private final SavingsService savings;

    public SavingsApplier(CouponLedger ledger, SavingsService savings) {
        this.ledger = ledger;
        this.savings = savings;
    }

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
        List<String> couponIds = req.couponIdsOrEmpty();
        return savings.discountForPayment(customerId, req.discountId())
                .flatMap(discount -> ledger.forPayment(customerId, couponIds, lock).map(coupons -> {
                    List<PricedOrderInput> inputs = inputs(checked.payable());
                    try {
                        PriceBreakdown b = Pricer.price(inputs, discount == null ? null : discount.terms(),
                                coupons.stream().map(Coupon::terms).toList(), now);
                        return new Priced(b, discount, coupons);
                    } catch (PricingException e) {
                        throw toApi(e);
                    }
                }));
    }

    /** Consumes what a succeeded payment took from its coupons (monthly settlement, or a free online payment). */
    public Uni<Void> consumeNow(String paymentId, Priced priced, Instant now) {
        return ledger.consume(paymentId, priced.coupons(), priced.breakdown().couponUsage(), now);
    }

    /** Reserves what an online checkout takes from its coupons until it ends (contract §5 rule 7). */
    public Uni<Void> reserve(String paymentId, Priced priced, Instant now) {
        return ledger.reserve(paymentId, priced.coupons(), priced.breakdown().couponUsage(), now);
    }

    /**
     * Ends the reservations of an online payment: {@code success} consumes them, otherwise
     * the coupons return to available with their balance restored exactly. Idempotent.
     */
    public Uni<Void> settleReservations(String paymentId, boolean success, Instant now) {
        return success ? ledger.consumeReservations(paymentId, now) : ledger.releaseReservations(paymentId, now);
    }

    /**
     * The quote of contract §5: the breakdown, the skipped orders, and the customer's usable
     * discounts and coupons for these orders (so the page can offer choices).
     */
    public Uni<PaymentQuote> quote(String customerId, PaymentRules.Checked checked, Priced priced, Instant now) {
        PriceBreakdown b = priced.breakdown();
        List<PricedOrderInput> inputs = inputs(checked.payable());
        return savings.discountsOf(customerId)
                .flatMap(discounts -> ledger.available(customerId).map(coupons -> {
                            String c = b.currency();
                            return new PaymentQuote(c, b.orders().stream()
                                    .map(o -> PaymentView.Line.of(o.orderId(), o.amount(), o.discountAmount(),
                                            o.couponAmount(), o.payableAmount(), c)).toList(),
                                    MinorUnits.format(b.totalAmount(), c), MinorUnits.format(b.totalDiscount(), c),
                                    MinorUnits.format(b.totalCoupon(), c), MinorUnits.format(b.totalPayable(), c),
                                    discounts.stream()
                                            .filter(d -> inputs.stream().anyMatch(i -> Pricer.discountApplies(d.terms(), i, now)))
                                            .map(d -> DiscountView.of(d, now)).toList(),
                                    // offered: coupons that would price on these orders with the chosen discount (min_spend met…)
                                    coupons.stream()
                                            .filter(cp -> inputs.stream().anyMatch(i -> Pricer.couponEligible(cp.terms(), i, now)))
                                            .filter(cp -> prices(inputs, priced.discount(), cp, now))
                                            .map(cp -> CouponView.of(cp, now)).toList(),
                                    checked.skipped());
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
