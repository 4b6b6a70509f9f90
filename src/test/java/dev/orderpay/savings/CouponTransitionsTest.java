package dev.orderpay.savings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The coupon rules alone (issue #12 item 3): reserve, consume, release and the exact restoring of a cash balance. */
class CouponTransitionsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void theTableKeepsUsedFinal() {
        assertThat(CouponStatus.ALLOWED.get(CouponStatus.AVAILABLE))
                .containsExactlyInAnyOrder(CouponStatus.RESERVED, CouponStatus.USED, CouponStatus.AVAILABLE);
        assertThat(CouponStatus.ALLOWED.get(CouponStatus.RESERVED)).containsExactlyInAnyOrder(CouponStatus.USED, CouponStatus.AVAILABLE);
        assertThat(CouponStatus.ALLOWED.get(CouponStatus.USED)).isEmpty();
        assertThat(CouponStatus.ALLOWED.get(CouponStatus.EXPIRED)).as("never stored").isEmpty();
    }

    @Test
    void aReleasedCashReservationRestoresTheBalanceExactly() {
        Coupon c = cash(5000);
        c.reserve(1234, NOW);
        assertThat(c.status).isEqualTo(CouponStatus.RESERVED);
        assertThat(c.balance).isEqualTo(3766);
        assertThatThrownBy(() -> c.reserve(1, NOW)).as("a reserved coupon is held").isInstanceOf(IllegalStateException.class);
        c.releaseReservation(1234, NOW);
        assertThat(c.status).isEqualTo(CouponStatus.AVAILABLE);
        assertThat(c.balance).isEqualTo(5000);
    }

    @Test
    void aConsumedReservationSpendsTheCouponOrLeavesTheRestAvailable() {
        Coupon part = cash(5000);
        part.reserve(1000, NOW);
        part.consumeReservation(NOW);
        assertThat(part.status).isEqualTo(CouponStatus.AVAILABLE);
        assertThat(part.balance).isEqualTo(4000);
        Coupon all = cash(5000);
        all.reserve(5000, NOW);
        all.consumeReservation(NOW);
        assertThat(all.status).isEqualTo(CouponStatus.USED);
        assertThatThrownBy(() -> all.consume(1, NOW)).isInstanceOf(IllegalStateException.class);
        Coupon discount = discount();
        discount.reserve(700, NOW);
        discount.consumeReservation(NOW);
        assertThat(discount.status).isEqualTo(CouponStatus.USED);
        assertThat(discount.balance).isNull();
    }

    @Test
    void consumingAtOnceDrawsTheBalance() {
        Coupon c = cash(5000);
        c.consume(2000, NOW);
        assertThat(c.status).isEqualTo(CouponStatus.AVAILABLE);
        assertThat(c.balance).isEqualTo(3000);
        assertThatThrownBy(() -> c.consume(3001, NOW)).as("never more than the balance").isInstanceOf(IllegalStateException.class);
        c.consume(3000, NOW);
        assertThat(c.status).isEqualTo(CouponStatus.USED);
        assertThatThrownBy(() -> c.releaseReservation(3000, NOW)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void expiredIsShownNotStored() {
        Coupon c = cash(100);
        c.validUntil = NOW;
        assertThat(c.status(NOW)).isEqualTo(CouponStatus.EXPIRED);
        assertThat(c.status(NOW.minusSeconds(1))).isEqualTo(CouponStatus.AVAILABLE);
        assertThat(c.status).isEqualTo(CouponStatus.AVAILABLE);
    }

    private static Coupon cash(long face) {
        Coupon c = new Coupon();
        c.couponId = "C-1";
        c.type = "cash";
        c.faceValue = face;
        c.issue(NOW.minusSeconds(60));
        return c;
    }

    private static Coupon discount() {
        Coupon c = new Coupon();
        c.couponId = "C-2";
        c.type = "discount";
        c.percentOffBp = 1000L;
        c.issue(NOW.minusSeconds(60));
        return c;
    }
}
