package dev.orderpay.payment;

import dev.orderpay.savings.CouponView;
import dev.orderpay.savings.DiscountView;
import java.util.List;

/**
 * The quote of contract §5 ({@code POST /v1/payments/quote}, function {@code quote-payment}, and the
 * {@code quote} member of 409 TOTAL_CHANGED): what a payment with the same body would be now. Money
 * as decimal strings with the currency's minor digits; fields render in this order.
 *
 * @param orders             one line per payable order, by order ID
 * @param availableDiscounts the customer's discounts that apply to at least one of these orders (as
 *                           {@code GET /v1/discounts} shows them)
 * @param availableCoupons   the customer's usable coupons that would price on these orders with the
 *                           chosen discount (as {@code GET /v1/coupons} shows them)
 * @param skippedOrders      orders of a combined purchase left out (already paid, expired or cancelled)
 */
public record PaymentQuote(String currency, List<PaymentView.Line> orders, String totalAmount, String totalDiscount,
                           String totalCoupon, String totalPayable, List<DiscountView> availableDiscounts,
                           List<CouponView> availableCoupons, List<SkippedOrder> skippedOrders) {
}
