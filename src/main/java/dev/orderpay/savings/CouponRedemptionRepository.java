package dev.orderpay.savings;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Loads and stores coupon redemptions (issue #12 item 8): the only class that reaches
 * {@link CouponRedemption} through Panache. Callers provide the transaction ({@link CouponLedger}).
 */
@ApplicationScoped
public class CouponRedemptionRepository implements PanacheRepositoryBase<CouponRedemption, CouponRedemption.Key> {

    /** The redemptions of {@code paymentId} in {@code state}, by coupon_id. */
    public Uni<List<CouponRedemption>> ofPayment(String paymentId, String state) {
        return find("paymentId = ?1 and state = ?2 order by couponId", paymentId, state).list();
    }
}
