package dev.orderpay.payment;

import static dev.orderpay.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderpay.order.OrderRepository;
import dev.orderpay.savings.CouponRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The order and coupon lock statements hold what they return: while the paying transaction holds them,
 * another transaction cannot lock the orders (with the rest of their combined purchase) or the coupons
 * (SQLSTATE 55P03 for {@code NOWAIT}); once it has ended, it can. This is what keeps two payments of one
 * order or one coupon apart (contract §6). The lock is the clause Hibernate appends to these native
 * statements for {@code PESSIMISTIC_WRITE}, so all four lock statements are checked: if Hibernate stopped
 * appending it, the rows would be unlocked while the session still counts them as locked.
 */
@QuarkusTest
class RowLocksTest {

    @Inject
    OrderRepository orders;

    @Inject
    CouponRepository coupons;

    @Inject
    Pool pool;

    /**
     * What another transaction meets while it asks for a row lock on rows of {@code table} ({@code FOR UPDATE
     * NOWAIT}, on its own pooled connection): "free", or the SQLSTATE it got (55P03: a lock held elsewhere).
     */
    private Uni<String> otherTransactionLocks(String table, String idColumn, List<String> ids) {
        return pool.withTransaction(c -> c.preparedQuery("select " + idColumn + " from " + table + " where " + idColumn
                        + " = any($1) for update nowait").execute(Tuple.of(ids.toArray(String[]::new))))
                .map(rows -> "free")
                .onFailure(PgException.class).recoverWithItem(e -> ((PgException) e).getSqlState());
    }

    /** What another transaction meets on {@code orderId} and {@code couponId}, in that order. */
    private Uni<List<String>> othersMeet(String orderId, String couponId) {
        return otherTransactionLocks("customer_order", "order_id", List.of(orderId))
                .flatMap(order -> otherTransactionLocks("coupon", "coupon_id", List.of(couponId)).map(cp -> List.of(order, cp)));
    }

    /** {@link #othersMeet} while a transaction holds what {@code locks} locked. */
    private List<String> othersMeetWhileHeld(Supplier<Uni<?>> locks, String orderId, String couponId) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> locks.get().flatMap(locked -> othersMeet(orderId, couponId))));
    }

    @Test
    void theOrderAndCouponLocksHoldTheRowsUntilTheTransactionEnds() throws Throwable {
        String c = newCustomer();
        putCustomer(c, true);
        List<String> combined = createOrders(c, true, List.of(usdOrder("10.00"), usdOrder("11.00")));
        String coupon = grantCoupon(c, cashCoupon("1.00", "USD"));

        // paying (and approving, rejecting, cancelling): one order locks its whole combined purchase
        assertThat(othersMeetWhileHeld(() -> orders.lockWithCombinedPurchases(c, List.of(combined.get(0)))
                .flatMap(locked -> coupons.ofCustomer(c, List.of(coupon), true)), combined.get(1), coupon))
                .containsExactly("55P03", "55P03");
        // the locks by ID alone (settling, failing and refunding a payment; consuming and releasing reserved coupons)
        assertThat(othersMeetWhileHeld(() -> orders.lockByIds(List.of(combined.get(1)))
                .flatMap(locked -> coupons.lock(List.of(coupon))), combined.get(1), coupon))
                .containsExactly("55P03", "55P03");
        // once those transactions have ended
        assertThat(VertxContextSupport.subscribeAndAwait(() -> othersMeet(combined.get(1), coupon))).containsExactly("free", "free");
    }
}
