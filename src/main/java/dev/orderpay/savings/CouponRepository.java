package dev.orderpay.savings;

import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;

/**
 * Loads and stores coupons (issue #12 item 8): the only class that reaches {@link Coupon}
 * through Panache, and the only place coupons are row-locked ({@code FOR UPDATE}, always the
 * whole set in one statement ordered by coupon_id, so two payments cannot deadlock). Callers
 * provide the session or transaction ({@link CouponLedger}, {@link SavingsService}).
 */
@ApplicationScoped
public class CouponRepository implements PanacheRepositoryBase<Coupon, String> {

    /** The customer's coupons among {@code couponIds}, by coupon_id; with {@code lock} row-locked. Unknown IDs are left out. */
    public Uni<List<Coupon>> ofCustomer(String customerId, List<String> couponIds, boolean lock) {
        PanacheQuery<Coupon> query = find("couponId in ?1 and customerId = ?2 order by couponId", couponIds, customerId);
        return lock ? query.withLock(LockModeType.PESSIMISTIC_WRITE).list() : query.list();
    }

    /** The coupons {@code couponIds} (any customer), by coupon_id, row-locked. */
    public Uni<List<Coupon>> lock(List<String> couponIds) {
        return find("couponId in ?1 order by couponId", couponIds).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** The customer's coupons whose stored status is {@code status}, by coupon_id. */
    public Uni<List<Coupon>> ofCustomer(String customerId, CouponStatus status) {
        return find("customerId = ?1 and status = ?2 order by couponId", customerId, status).list();
    }

    /** All the customer's coupons, by coupon_id. */
    public Uni<List<Coupon>> ofCustomer(String customerId) {
        return find("customerId = ?1 order by couponId", customerId).list();
    }
}
