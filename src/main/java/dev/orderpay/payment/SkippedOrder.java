package dev.orderpay.payment;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.orderpay.order.OrderStatus;
import dev.orderpay.platform.WireEnum;

/**
 * An order of a combined payment that was left out (contract §6 {@code skipped_orders[]}, also in
 * the quote of §5): renders as {@code {"order_id", "status", "reason"}} in this order. Stored with
 * the payment as JSON ({@code payment.skipped_orders}) and read back for every rendering.
 *
 * @param status the order's status when the payment was made
 * @param reason why it was left out
 */
public record SkippedOrder(String orderId, OrderStatus status, SkipReason reason) {

    /** Why an order was left out (contract §6 check 5). */
    public enum SkipReason implements WireEnum {
        /** Past its payment deadline. */
        EXPIRED("expired"),
        /** No longer {@code pending_payment} (paid, cancelled, held by a checkout). */
        STATUS_CHANGED("status_changed"),
        /** Payable itself, but another order of its combined purchase is not: the purchase is paid whole or not at all. */
        COMBINED_PURCHASE_NOT_PAYABLE("combined_purchase_not_payable");

        private final String wire;

        SkipReason(String wire) {
            this.wire = wire;
        }

        @JsonValue
        @Override
        public String wire() {
            return wire;
        }
    }
}
