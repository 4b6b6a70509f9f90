package dev.orderpay.savings;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * What one payment took from one coupon, minor units (contract §5 rule 7): reserved while
 * an online checkout holds it, consumed on success, released on failure/expiry/cancel.
 */
@Entity
@Table(name = "coupon_redemption")
@IdClass(CouponRedemption.Key.class)
public class CouponRedemption extends PanacheEntityBase {

    @Id
    public String paymentId;
    @Id
    public String couponId;
    public long amount;
    public String state;
    public Instant createdAt;
    public Instant updatedAt;

    /** Composite key (payment_id, coupon_id). */
    public static class Key implements Serializable {
        public String paymentId;
        public String couponId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(paymentId, k.paymentId) && Objects.equals(couponId, k.couponId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(paymentId, couponId);
        }
    }
}
