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
 *
 * <p>This class is the only writer of {@link #status} and {@link #balance}: the reserve /
 * consume / release rules below, checked against {@link CouponStatus#ALLOWED}; a forbidden
 * change is a bug and throws {@link IllegalStateException}. {@link CouponLedger} applies them.
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
    public CouponStatus status;
    public Instant createdAt;
    public Instant updatedAt;
    @Version
    public long version;

    public boolean cash() {
        return "cash".equals(type);
    }

    /** The status a customer sees at {@code now}: stored status, or expired once past {@code validUntil}. */
    public CouponStatus status(Instant now) {
        if (status == CouponStatus.AVAILABLE && validUntil != null && !now.isBefore(validUntil)) {
            return CouponStatus.EXPIRED;
        }
        return status;
    }

    /** A newly granted coupon: available, a cash coupon's balance its face value. */
    public void issue(Instant now) {
        if (status != null) {
            throw new IllegalStateException("coupon " + couponId + " is already " + status.wire());
        }
        status = CouponStatus.AVAILABLE;
        balance = cash() ? faceValue : null;
        createdAt = now;
        updatedAt = now;
    }

    /** An online checkout takes {@code amount} minor units (drawn from a cash balance at once) until it ends. */
    public void reserve(long amount, Instant now) {
        requireAvailable();
        draw(amount);
        moveTo(CouponStatus.AVAILABLE, CouponStatus.RESERVED, now);
    }

    /** A succeeded payment takes {@code amount} at once: used, or still available while a cash balance remains. */
    public void consume(long amount, Instant now) {
        requireAvailable();
        draw(amount);
        moveTo(CouponStatus.AVAILABLE, spent() ? CouponStatus.USED : CouponStatus.AVAILABLE, now);
    }

    /** The checkout holding it succeeded: what it reserved is spent (used, or available with the rest of a cash balance). */
    public void consumeReservation(Instant now) {
        moveTo(CouponStatus.RESERVED, spent() ? CouponStatus.USED : CouponStatus.AVAILABLE, now);
    }

    /** The checkout holding it ended without money: available again, {@code amount} restored exactly to a cash balance. */
    public void releaseReservation(long amount, Instant now) {
        if (cash()) {
            balance = balance + amount;
        }
        moveTo(CouponStatus.RESERVED, CouponStatus.AVAILABLE, now);
    }

    /** A discount coupon is spent by one use; a cash coupon when its balance is 0. */
    private boolean spent() {
        return !cash() || balance == 0;
    }

    private void requireAvailable() {
        if (status != CouponStatus.AVAILABLE) {
            throw new IllegalStateException("coupon " + couponId + " is " + (status == null ? "nothing" : status.wire())
                    + ", only an available coupon can be drawn on");
        }
    }

    private void draw(long amount) {
        if (cash()) {
            if (amount > balance) {
                throw new IllegalStateException("coupon " + couponId + " has " + balance + " left, cannot give " + amount);
            }
            balance = balance - amount;
        }
    }

    private void moveTo(CouponStatus expected, CouponStatus next, Instant now) {
        if (status != expected || !status.canBecome(next)) {
            throw new IllegalStateException("coupon " + couponId + " cannot go from " + (status == null ? "nothing" : status.wire())
                    + " to " + next.wire() + " (CouponStatus.ALLOWED)");
        }
        status = next;
        updatedAt = now;
    }

    /** The pricing view of this coupon. */
    public CouponTerms terms() {
        return new CouponTerms(couponId, cash() ? CouponType.CASH : CouponType.DISCOUNT,
                balance == null ? 0 : balance, percentOffBp == null ? 0 : percentOffBp, minSpend, maxDeduction,
                currency, Lists.set(serviceTypes), Lists.set(orderTypes), validFrom, validUntil, stackableWithDiscount);
    }
}
