package dev.orderpay.savings;

import dev.orderpay.platform.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What payments take from coupons (contract §5 rule 7): which coupons a payment may use, and
 * their reservation, consumption and release with the exact restoring of a cash balance. The
 * payment capability asks here; the rules themselves are {@link Coupon}'s transitions. Every
 * method runs inside the caller's transaction (or session).
 */
@ApplicationScoped
public class CouponLedger {

    private final CouponRepository coupons;
    private final CouponRedemptionRepository redemptions;

    public CouponLedger(CouponRepository coupons, CouponRedemptionRepository redemptions) {
        this.coupons = coupons;
        this.redemptions = redemptions;
    }

    /** Redemption states ({@code coupon_redemption.state}). */
    static final String RESERVED = "reserved";
    static final String CONSUMED = "consumed";
    static final String RELEASED = "released";

    /**
     * The customer's coupons {@code couponIds}, in that order, each usable by a payment now
     * (stored status available). With {@code lock} they are row-locked ({@code FOR NO KEY UPDATE}, by
     * coupon_id) so two payments never both get a coupon's value.
     *
     * @throws ApiException 422 COUPON_NOT_APPLICABLE for an unknown or another customer's coupon,
     *                      409 COUPON_ALREADY_USED for one reserved or used
     */
    public Uni<List<Coupon>> forPayment(String customerId, List<String> couponIds, boolean lock) {
        if (couponIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return coupons.ofCustomer(customerId, couponIds, lock).map(found -> {
            Map<String, Coupon> byId = found.stream().collect(Collectors.toMap(c -> c.couponId, c -> c));
            for (String id : couponIds) {
                Coupon c = byId.get(id);
                if (c == null) {
                    throw ApiException.unprocessable("COUPON_NOT_APPLICABLE",
                            "coupon " + id + " is not available to this account").with("coupon_id", id);
                }
                if (c.status != CouponStatus.AVAILABLE) {
                    throw ApiException.conflict("COUPON_ALREADY_USED", "coupon " + id + " is "
                            + c.status.wire() + " and cannot be used").with("coupon_id", id);
                }
            }
            return couponIds.stream().map(byId::get).toList();
        });
    }

    /** The customer's coupons whose stored status is available, by coupon_id (the quote's offer). */
    public Uni<List<Coupon>> available(String customerId) {
        return coupons.ofCustomer(customerId, CouponStatus.AVAILABLE);
    }

    /**
     * A succeeded payment (monthly settlement, a free online payment) takes {@code usage}
     * (coupon_id → minor units) from {@code coupons} at once.
     */
    public Uni<Void> consume(String paymentId, List<Coupon> coupons, Map<String, Long> usage, Instant now) {
        return record(paymentId, coupons, usage, now, false);
    }

    /** An online checkout reserves {@code usage} (coupon_id → minor units) of {@code coupons} until it ends. */
    public Uni<Void> reserve(String paymentId, List<Coupon> coupons, Map<String, Long> usage, Instant now) {
        return record(paymentId, coupons, usage, now, true);
    }

    /**
     * Records what each coupon gives this payment. A coupon that gives 0 (a discount coupon on
     * orders already 100 % discounted, a cash coupon whose orders have nothing left to pay) is
     * neither reserved nor consumed: no redemption row, status and balance untouched, so it stays
     * usable later (issue #10, defect 9).
     */
    private Uni<Void> record(String paymentId, List<Coupon> taken, Map<String, Long> usage, Instant now, boolean reserve) {
        List<CouponRedemption> rows = new ArrayList<>();
        for (Coupon c : taken) {
            long used = usage.getOrDefault(c.couponId, 0L);
            if (used == 0) {
                continue;
            }
            if (reserve) {
                c.reserve(used, now);
            } else {
                c.consume(used, now);
            }
            CouponRedemption r = new CouponRedemption();
            r.paymentId = paymentId;
            r.couponId = c.couponId;
            r.amount = used;
            r.state = reserve ? RESERVED : CONSUMED;
            r.createdAt = now;
            r.updatedAt = now;
            rows.add(r);
        }
        return rows.isEmpty() ? Uni.createFrom().voidItem() : redemptions.persist(rows);
    }

    /** The checkout of {@code paymentId} succeeded: its reservations are consumed. Idempotent. */
    public Uni<Void> consumeReservations(String paymentId, Instant now) {
        return endReservations(paymentId, true, now);
    }

    /** The checkout of {@code paymentId} ended without money: its coupons return, balances restored exactly. Idempotent. */
    public Uni<Void> releaseReservations(String paymentId, Instant now) {
        return endReservations(paymentId, false, now);
    }

    private Uni<Void> endReservations(String paymentId, boolean success, Instant now) {
        return redemptions.ofPayment(paymentId, RESERVED)
                .flatMap(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    List<String> ids = rows.stream().map(r -> r.couponId).toList();
                    return coupons.lock(ids).map(locked -> {
                                Map<String, Coupon> byId = locked.stream().collect(Collectors.toMap(c -> c.couponId, c -> c));
                                for (CouponRedemption r : rows) {
                                    Coupon c = byId.get(r.couponId);
                                    if (success) {
                                        c.consumeReservation(now);
                                        r.state = CONSUMED;
                                    } else {
                                        c.releaseReservation(r.amount, now);
                                        r.state = RELEASED;
                                    }
                                    r.updatedAt = now;
                                }
                                return null;
                            });
                }).replaceWithVoid();
    }
}
