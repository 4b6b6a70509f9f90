package dev.orderpay.payment;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderpay.pricing.MinorUnits;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The payment object of contract §6: money as decimal strings, times UTC. {@code refunded_amount}
 * (added by issue #10 item 8) is what the gateway refunded so far, "0.00" when nothing.
 */
public record PaymentView(String paymentId, PaymentStatus status, PaymentMethod method, String currency,
                          List<Line> orders, List<SkippedOrder> skippedOrders, String totalAmount,
                          String totalDiscount, String totalCoupon, String totalPayable, String discountId,
                          List<String> couponIds, String checkoutUrl, String failureReason, Instant createdAt,
                          Instant updatedAt, String refundedAmount) {

    /** One order's figures (also a line of {@link PaymentQuote}). */
    public record Line(String orderId, String amount, String discountAmount, String couponAmount,
                       String payableAmount) {

        /** Minor units of {@code currency} as the contract's decimal strings. */
        static Line of(String orderId, long amount, long discountAmount, long couponAmount, long payableAmount,
                       String currency) {
            return new Line(orderId, MinorUnits.format(amount, currency), MinorUnits.format(discountAmount, currency),
                    MinorUnits.format(couponAmount, currency), MinorUnits.format(payableAmount, currency));
        }
    }

    private static final TypeReference<List<SkippedOrder>> SKIPPED = new TypeReference<>() {
    };

    /**
     * The view of {@code p} with its {@link Payment#items} loaded; {@code skipped_orders} is read back from
     * the JSON stored with the payment.
     *
     * @throws IllegalStateException when the stored {@code skipped_orders} is not a list of {@link SkippedOrder}
     */
    static PaymentView of(Payment p, ObjectMapper json) {
        String c = p.currency;
        List<Line> lines = p.items.stream()
                .sorted(Comparator.comparing(i -> i.orderId))
                .map(i -> Line.of(i.orderId, i.amount, i.discountAmount, i.couponAmount, i.payableAmount, c))
                .toList();
        List<SkippedOrder> skipped;
        try {
            skipped = json.readValue(p.skippedOrders, SKIPPED);
        } catch (Exception e) {
            throw new IllegalStateException("corrupt skipped_orders of " + p.paymentId, e);
        }
        boolean showCheckout = p.status == PaymentStatus.REQUIRES_ACTION;
        return new PaymentView(p.paymentId, p.status, p.method, c, lines, skipped, MinorUnits.format(p.totalAmount, c),
                MinorUnits.format(p.totalDiscount, c), MinorUnits.format(p.totalCoupon, c),
                MinorUnits.format(p.totalPayable, c), p.discountId, p.couponIdList(),
                showCheckout ? p.checkoutUrl : null, p.failureReason, p.createdAt, p.updatedAt,
                MinorUnits.format(p.refundedAmount, c));
    }
}
