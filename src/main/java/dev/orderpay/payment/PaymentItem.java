package dev.orderpay.payment;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** One order's share of a payment (contract §6 {@code orders[]}), minor units. */
@Entity
@Table(name = "payment_order")
@IdClass(PaymentItem.Key.class)
public class PaymentItem extends PanacheEntityBase {

    @Id
    public String paymentId;
    @Id
    public String orderId;
    public long amount;
    public long discountAmount;
    public long couponAmount;
    public long payableAmount;

    /** Composite key (payment_id, order_id). */
    public static class Key implements Serializable {
        public String paymentId;
        public String orderId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(paymentId, k.paymentId) && Objects.equals(orderId, k.orderId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(paymentId, orderId);
        }
    }
}
