package dev.orderpay.billing;

import dev.orderpay.pricing.MinorUnits;
import java.time.Instant;

/**
 * One order on a bill as {@code GET /v1/bills} shows it (contract §8); fields render in this
 * order: {@code order_id}, {@code payment_id}, {@code amount} (decimal string in the bill's
 * currency), {@code paid_at} (UTC).
 */
public record BillItemView(String orderId, String paymentId, String amount, Instant paidAt) {

    static BillItemView of(BillItem i) {
        return new BillItemView(i.orderId, i.paymentId, MinorUnits.format(i.amount, i.currency), i.paidAt);
    }
}
