package dev.orderpay.savings;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;
import java.util.List;

/**
 * Loads and stores coupons (issue #12 item 8): the only class that reaches {@link Coupon}
 * through Panache, and the only place coupons are row-locked ({@code FOR NO KEY UPDATE}, always the
 * whole set in one statement ordered by coupon_id, so two payments cannot deadlock). Callers
 * provide the session or transaction ({@link CouponLedger}, {@link SavingsService}). Queries over a set of
 * coupon IDs are native SQL binding the IDs as one array (issue #13, see {@link #OF_CUSTOMER}).
 */
@ApplicationScoped
public class CouponRepository implements PanacheRepositoryBase<Coupon, String> {

    /**
     * The customer's coupons among {@code ?2} (one {@code varchar[]}), by coupon_id; {@code ?1} customer_id.
     * Native SQL binding the IDs as one array ({@code = any(?2)}): one text for any number of coupons, never
     * translated by Hibernate (issue #13: HQL binding a collection is translated to SQL again on every call).
     */
    static final String OF_CUSTOMER = "select c.* from coupon c where c.customer_id = ?1 and c.coupon_id = any(?2) order by c.coupon_id";

    /** The coupons {@code ?1} (one {@code varchar[]}, any customer), by coupon_id; native for the reason of {@link #OF_CUSTOMER}. */
    static final String BY_IDS = "select c.* from coupon c where c.coupon_id = any(?1) order by c.coupon_id";

    /**
     * The customer's coupons among {@code couponIds}, by coupon_id; with {@code lock} row-locked in this one
     * statement. Unknown IDs and other customers' coupons are left out. Managed by the caller's session.
     */
    public Uni<List<Coupon>> ofCustomer(String customerId, List<String> couponIds, boolean lock) {
        return coupons(OF_CUSTOMER, lock, customerId, couponIds.toArray(String[]::new));
    }

    /** The coupons {@code couponIds} (any customer), by coupon_id, row-locked in one statement. Managed by the caller's session. */
    public Uni<List<Coupon>> lock(List<String> couponIds) {
        return coupons(BY_IDS, true, (Object) couponIds.toArray(String[]::new)); // one array parameter, not the varargs
    }

    /**
     * Runs one of the statements above in the caller's session; the coupons come back managed (their
     * transitions written at its flush, {@code @Version} checked). With {@code locked} the query's lock mode is
     * {@code PESSIMISTIC_WRITE}: Hibernate appends the row lock ({@code for no key update} on PostgreSQL) and
     * registers the coupons as locked, so it never asks for that lock again.
     */
    private Uni<List<Coupon>> coupons(String sql, boolean locked, Object... args) {
        return getSession().chain(s -> {
            Mutiny.SelectionQuery<Coupon> q = s.createNativeQuery(sql, Coupon.class);
            for (int i = 0; i < args.length; i++) {
                q.setParameter(i + 1, args[i]);
            }
            if (locked) {
                q.setLockMode(LockMode.PESSIMISTIC_WRITE);
            }
            return q.getResultList();
        });
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
