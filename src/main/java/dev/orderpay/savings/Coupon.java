package dev.orderpay.savings;

import dev.orderpay.pricing.CouponTerms;
import dev.orderpay.pricing.CouponType;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * A coupon granted to one customer (contract §5). A cash coupon has a face value and a
 * balance (minor units of {@code currency}) that payments draw down; a discount coupon
 * takes a percentage, optionally capped by {@code maxDeduction}, and is used once.
 * Stored status is available, reserved (an online checkout holds it) or used;
 * {@code expired} is derived from {@code validUntil}.
 */
@Entity
@Table(name = "coupon")
public class Coupon extends PanacheEntityBase {

    @Id
    public String couponId;
    public String customerId;
    /** cash or discount. */
    public String type;
    public Long faceValue;
    public Long balance;
    public Long percentOffBp;
    public long minSpend;
    public Long maxDeduction;
    public String currency;
    public String serviceTypes = "";
    public String orderTypes = "";
    public Instant validFrom;
    public Instant validUntil;
    public boolean stackableWithDiscount = true;
    public String status;
    public Instant createdAt;
    public Instant updatedAt;
    @Version
    public long version;

    public boolean cash() {
        return "cash".equals(type);
    }

    /** The status a customer sees at {@code now}: stored status, or expired once past {@code validUntil}. */
    public String status(Instant now) {
        if ("available".equals(status) && validUntil != null && !now.isBefore(validUntil)) {
            return "expired";
        }
        return status;
    }

    /** The pricing view of this coupon. */
    public CouponTerms terms() {
        return new CouponTerms(couponId, cash() ? CouponType.CASH : CouponType.DISCOUNT,
                balance == null ? 0 : balance, percentOffBp == null ? 0 : percentOffBp, minSpend, maxDeduction,
                currency, Lists.set(serviceTypes), Lists.set(orderTypes), validFrom, validUntil, stackableWithDiscount);
    }
}
