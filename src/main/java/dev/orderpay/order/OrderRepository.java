package dev.orderpay.order;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;

/**
 * Queries over orders and their line items, and the only place that locks orders (row locks
 * always over the whole set in one statement, ordered by order_id, so that concurrent
 * payments and decisions cannot deadlock). Callers provide the session/transaction, except
 * for {@link #expireDue}, which is its own statement.
 */
@ApplicationScoped
public class OrderRepository implements PanacheRepositoryBase<Order, String> {

    /**
     * The expiry transition of {@link OrderStatus#ALLOWED} as one set-based statement: orders in
     * a status that may become {@code expired} whose deadline passed, taken with
     * {@code FOR UPDATE SKIP LOCKED} (an order locked by a running payment is left for later).
     */
    static final String EXPIRE_DUE = """
            with due as materialized (
                select order_id from customer_order
                where status in (%s) and expires_at <= $1
                order by expires_at, order_id
                limit $2
                for update skip locked)
            update customer_order o
               set status = '%s', updated_at = $1
              from due
             where o.order_id = due.order_id
            """.formatted(OrderStatus.sourcesOf(OrderStatus.EXPIRED).stream().map(s -> "'" + s.wire() + "'").sorted()
                    .collect(Collectors.joining(", ")), OrderStatus.EXPIRED.wire());

    private final Pool pool;

    public OrderRepository(Pool pool) {
        this.pool = pool;
    }

    /** A page of a search: {@code orders} with line items, and the count of all matches. */
    public record Page(List<Order> orders, boolean hasMore, long totalCount) {
    }

    /** The customer's order, or null: another customer's order is indistinguishable from none (contract §3). */
    public Uni<Order> findOwned(String customerId, String orderId) {
        return find("orderId = ?1 and customerId = ?2", orderId, customerId).firstResult();
    }

    /**
     * Locks ({@code SELECT … FOR UPDATE}, one statement, ordered by order_id so that
     * concurrent payments cannot deadlock) the customer's orders among {@code orderIds}
     * together with every other order of their combined purchases.
     */
    public Uni<List<Order>> lockWithCombinedPurchases(String customerId, Collection<String> orderIds) {
        return withCombinedPurchases(customerId, orderIds).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** As {@link #lockWithCombinedPurchases} without the lock (quotes). */
    public Uni<List<Order>> loadWithCombinedPurchases(String customerId, Collection<String> orderIds) {
        return withCombinedPurchases(customerId, orderIds).list();
    }

    private PanacheQuery<Order> withCombinedPurchases(String customerId,
                                                                                           Collection<String> orderIds) {
        return find("customerId = :c and (orderId in :ids or combinedPurchaseId in "
                        + "(select o2.combinedPurchaseId from CustomerOrder o2 where o2.orderId in :ids "
                        + "and o2.customerId = :c and o2.combinedPurchaseId is not null)) order by orderId",
                Parameters.with("c", customerId).and("ids", orderIds));
    }

    /** The orders {@code orderIds} (any customer), locked in one statement, by order_id. */
    public Uni<List<Order>> lockByIds(Collection<String> orderIds) {
        return find("orderId in ?1 order by orderId", List.copyOf(orderIds)).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /**
     * Marks at most {@code limit} unpaid orders past their deadline {@code expired} (see
     * {@link #EXPIRE_DUE}); one statement, its own transaction. Returns how many it marked.
     */
    public Uni<Integer> expireDue(Instant now, int limit) {
        return pool.preparedQuery(EXPIRE_DUE).execute(Tuple.of(OffsetDateTime.ofInstant(now, ZoneOffset.UTC), limit))
                .map(r -> r.rowCount());
    }

    /** Line items of {@code orders}, loaded in one query and attached to each order. */
    public Uni<List<Order>> withLineItems(List<Order> orders) {
        if (orders.isEmpty()) {
            return Uni.createFrom().item(orders);
        }
        List<String> ids = orders.stream().map(o -> o.orderId).toList();
        return LineItem.<LineItem>find("orderId in ?1 order by orderId, lineNo", ids).list().map(items -> {
            Map<String, List<LineItem>> byOrder = items.stream()
                    .collect(Collectors.groupingBy(l -> l.orderId, LinkedHashMap::new, Collectors.toList()));
            orders.forEach(o -> o.lineItems = byOrder.getOrDefault(o.orderId, List.of()));
            return orders;
        });
    }

    /**
     * One page of the caller's unpaid orders (contract §4.2) by keyset: rows after the
     * cursor in (sort key, order_id) order, so walking all pages sees every row that
     * existed for the whole walk exactly once. Past-deadline orders are left out even if
     * the expiry job has not run yet.
     */
    public Uni<Page> search(String customerId, OrderSearch q, Instant now) {
        StringBuilder where = new StringBuilder(
                "customerId = :c and status in :statuses and (status = :held or expiresAt > :now)");
        Parameters params = Parameters.with("c", customerId).and("statuses", q.statuses())
                .and("held", OrderStatus.PAYMENT_IN_PROGRESS).and("now", now);
        if (q.orderIdPrefix() != null) {
            where.append(" and upper(orderId) like :prefix escape '!'");
            params.and("prefix", q.orderIdPrefix().replace("!", "!!").replace("_", "!_").replace("%", "!%") + "%");
        }
        if (!q.serviceTypes().isEmpty()) {
            where.append(" and serviceType in :st");
            params.and("st", q.serviceTypes());
        }
        if (!q.orderTypes().isEmpty()) {
            where.append(" and orderType in :ot");
            params.and("ot", q.orderTypes());
        }
        String countWhere = where.toString();
        Map<String, Object> countParams = new LinkedHashMap<>(params.map());
        String field = q.sort().field;
        String dir = q.sort().descending ? "desc" : "asc";
        if (q.after() != null) {
            where.append(" and (").append(field).append(q.sort().descending ? " < " : " > ").append(":k or (")
                    .append(field).append(" = :k and orderId > :kid))");
            params.and("k", q.after().key()).and("kid", q.after().orderId());
        }
        String hql = where + " order by " + field + " " + dir + ", orderId asc";
        Uni<List<Order>> rows = find(hql, params).range(0, q.limit()).list();
        return rows.flatMap(list -> count(countWhere, countParams).flatMap(total -> {
            boolean more = list.size() > q.limit();
            List<Order> page = more ? list.subList(0, q.limit()) : list;
            return withLineItems(List.copyOf(page)).map(p -> new Page(p, more, total));
        }));
    }
}
