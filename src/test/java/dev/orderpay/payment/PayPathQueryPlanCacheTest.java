package dev.orderpay.payment;

import static dev.orderpay.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderpay.order.OrderRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.LockMode;
import org.hibernate.query.sqm.internal.SqmCriteriaNodeBuilder;
import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.stat.QueryStatistics;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #13 item 2: a warmed monthly-settlement pay request translates no HQL binding a collection.
 * Hibernate 7 never caches the SQL of an HQL query that binds a multi-valued parameter ({@code in :ids}),
 * so every such call is parsed from the cached interpretation into SQL again. The pay path's set queries
 * (orders with their combined purchases, locked; the request's coupons, locked) are native SQL binding the
 * IDs as one array ({@code = any($n)}): their text is the same for one order or three. Checked with
 * Hibernate's statistics, switched on for this test only.
 */
@QuarkusTest
class PayPathQueryPlanCacheTest {

    @Inject
    Mutiny.SessionFactory factory;

    @Inject
    OrderRepository orders;


    @AfterEach
    void statisticsOff() {
        factory.getStatistics().setStatisticsEnabled(false);
    }

    /** Executions and plan-cache misses of each query string Hibernate has seen. */
    private static Map<String, long[]> snapshot(Statistics s) {
        Map<String, long[]> m = new HashMap<>();
        for (String q : s.getQueries()) {
            QueryStatistics qs = s.getQueryStatistics(q);
            m.put(q, new long[] {qs.getExecutionCount(), qs.getPlanCacheMissCount()});
        }
        return m;
    }

    private static List<String> changed(Map<String, long[]> before, Map<String, long[]> after, int index) {
        List<String> out = new ArrayList<>();
        after.forEach((q, a) -> {
            long[] b = before.getOrDefault(q, new long[2]);
            if (a[index] > b[index]) {
                out.add(q.replaceAll("\\s+", " "));
            }
        });
        return out;
    }

    private static void payMonthly(String customerId, List<String> orderIds, String couponId) {
        Map<String, Object> body = payment(orderIds, "monthly_settlement");
        body.put("coupon_ids", List.of(couponId));
        pay(customerId, body).statusCode(201).body("status", org.hamcrest.Matchers.is("succeeded"));
    }

    /** Hibernate's default size of its query plan cache (quarkus.hibernate-orm.query.query-plan-cache-max-size). */
    private static final int DEFAULT_PLAN_CACHE_SIZE = 2048;

    /** Plans in Hibernate's query plan cache (through the query engine the criteria builder carries). */
    private int cachedPlans() {
        return ((SqmCriteriaNodeBuilder) factory.getCriteriaBuilder()).getQueryEngine().getInterpretationCache()
                .getNumberOfCachedQueryPlans();
    }

    /**
     * What README "Benchmark" (the query plan cache) reports of Hibernate Reactive 3.2: it wraps a native select's
     * result mapping in a class without {@code equals()}, so every execution of a native select misses
     * Hibernate's query plan cache and adds a plan that never matches again, all with the hash of that SQL. The
     * pay path's selects are native (the order and coupon locks), so the cache fills with dead plans (and its
     * lookup walks them).
     * If this fails, Hibernate Reactive now reuses native plans: the README's paragraph can go.
     */
    @Test
    void everyExecutionOfANativeSelectMissesThePlanCacheAndAddsAPlan() throws Throwable {
        Statistics s = factory.getStatistics();
        s.setStatisticsEnabled(true);
        int executions = 50;
        int before = cachedPlans();
        VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession().flatMap(session -> {
            Uni<?> chain = Uni.createFrom().voidItem();
            for (int i = 0; i < executions; i++) {
                chain = chain.flatMap(x -> session.createNativeQuery(
                        "select churn.order_id from customer_order churn where churn.order_id = any(?1)", String.class)
                        .setParameter(1, new String[] {"absent"}).getResultList());
            }
            return chain;
        })));
        long misses = snapshot(s).entrySet().stream().filter(e -> e.getKey().contains("churn.order_id"))
                .mapToLong(e -> e.getValue()[1]).sum();
        assertThat(misses).isEqualTo(executions);
        // and the cache grew (unless the earlier tests of this JVM had filled it)
        assertThat(cachedPlans()).isGreaterThanOrEqualTo(Math.min(before + executions, DEFAULT_PLAN_CACHE_SIZE));
    }

    @Test
    void aWarmedMonthlyPaymentRunsArrayBoundSqlAndTranslatesNoCollectionHql() {
        Statistics s = factory.getStatistics();
        s.setStatisticsEnabled(true);
        String c = newCustomer();
        putCustomer(c, true);
        // warm-up: two orders and a coupon
        payMonthly(c, createOrders(c, false, List.of(usdOrder("10.00"), usdOrder("11.00"))),
                grantCoupon(c, cashCoupon("1.00", "USD")));
        // measured: three orders of one combined purchase (a different count) and another coupon
        List<String> combined = createOrders(c, true, List.of(usdOrder("12.00"), usdOrder("13.00"), usdOrder("14.00")));
        String coupon = grantCoupon(c, cashCoupon("1.00", "USD"));
        Map<String, long[]> before = snapshot(s);
        payMonthly(c, combined, coupon);
        Map<String, long[]> after = snapshot(s);

        List<String> executed = changed(before, after, 0);
        // the orders and coupons were locked by the array-bound statements (Hibernate appends the lock clause when
        // it sends them; that they hold the rows is RowLocksTest)
        assertThat(executed).anyMatch(q -> q.startsWith("select o.* from customer_order o") && q.contains("o.order_id = any($2)")
                && q.endsWith("order by o.order_id"));
        assertThat(executed).anyMatch(q -> q.startsWith("select c.* from coupon c") && q.contains("c.coupon_id = any($2)")
                && q.endsWith("order by c.coupon_id"));
        // no query bound a collection (HQL "in :ids" / "in ?1" would be translated to SQL again on every call)
        assertThat(executed).noneMatch(q -> q.matches("(?i).*\\bin\\s*\\(?\\s*[:?]\\w+.*"));
        // no HQL was interpreted afresh: the only plan-cache misses are native statements (Hibernate Reactive
        // builds a native plan per call, a wrapper of the SQL text: no HQL parse, no SQL translation)
        assertThat(changed(before, after, 1)).allMatch(q -> q.startsWith("select ") && q.contains("= any(?"));
        // the whole combined purchase was paid
        for (String id : combined) {
            asCustomer(c).get("/v1/orders/" + id).then().body("status", org.hamcrest.Matchers.is("paid"));
        }
    }

    /**
     * The native lock statements return what the HQL ones did: the customer's orders with the rest of their
     * combined purchase (another customer's order left out), by order_id, managed by the session and
     * registered as {@code PESSIMISTIC_WRITE} (so a later lock request is not sent again).
     */
    @Test
    void lockedOrdersAreTheCustomersOwnWithTheirPurchaseManagedAndRegisteredAsLocked() throws Throwable {
        String c = newCustomer();
        putCustomer(c, true);
        List<String> combined = createOrders(c, true, List.of(usdOrder("10.00"), usdOrder("11.00"), usdOrder("12.00")));
        String alone = createOrder(c, usdOrder("13.00"));
        String other = newCustomer();
        putCustomer(other, true);
        String foreign = createOrder(other, usdOrder("9.00"));
        List<String> expected = new ArrayList<>(combined);
        expected.add(alone);
        expected.sort(null);

        List<String> locked = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> orders.lockWithCombinedPurchases(c, List.of(combined.get(1), alone, foreign))
                        .flatMap(list -> Panache.getSession().map(s -> list.stream()
                                .map(o -> o.orderId + " " + s.contains(o) + " " + s.getLockMode(o)).toList()))));
        assertThat(locked).containsExactlyElementsOf(expected.stream().map(id -> id + " true " + LockMode.PESSIMISTIC_WRITE).toList());

        List<String> byIds = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> orders.lockByIds(List.of(alone, foreign))
                        .flatMap(list -> Panache.getSession().map(s -> list.stream()
                                .map(o -> o.orderId + " " + s.getLockMode(o)).toList()))));
        assertThat(byIds).containsExactlyElementsOf(List.of(alone, foreign).stream().sorted()
                .map(id -> id + " " + LockMode.PESSIMISTIC_WRITE).toList());

        List<String> quoted = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                () -> orders.loadWithCombinedPurchases(c, List.of(combined.get(0)))
                        .map(list -> list.stream().map(o -> o.orderId).toList())));
        assertThat(quoted).containsExactlyElementsOf(combined.stream().sorted().toList());
        assertThat(VertxContextSupport.<List<String>>subscribeAndAwait(() -> Panache.withSession(
                () -> orders.loadWithCombinedPurchases(other, List.of(alone)).map(list -> list.stream().map(o -> o.orderId).toList()))))
                .isEmpty();
    }
}
