package dev.orderpay.order;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import dev.orderpay.platform.WireEnum;
import dev.orderpay.platform.db.SqlStatements;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Queries over orders and their line items, and the only place that locks orders (row locks
 * always over the whole set in one statement, ordered by order_id, so that concurrent
 * payments and decisions cannot deadlock). Callers provide the session/transaction, except
 * for {@link #expireDue}, a set-based statement of its own ({@link SqlStatements}), and
 * {@link #search}, one prepared statement on the reactive pool (issue #13).
 *
 * <p>Queries over a set of order IDs are native SQL on the caller's Mutiny session binding the IDs as
 * one {@code varchar[]} ({@code order_id = any(?n)}), returning managed entities: Hibernate 7 translates
 * HQL that binds a collection ({@code in :ids}) to SQL again on every call (issue #13: ~10 % of a warmed
 * pay request), native SQL is never translated.
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

    /** The reactive pool, for {@link #search} only: a measured hot path (issue #13); every other statement goes through {@link #sql}. */
    private final Pool pool;
    private final SqlStatements sql;

    public OrderRepository(Pool pool, SqlStatements sql) {
        this.pool = pool;
        this.sql = sql;
    }

    /**
     * A page of a search: {@code orders} with line items (from {@link #search}: read-only copies,
     * not managed by Hibernate), whether more rows follow, and the count of all matches (cursor aside).
     */
    public record Page(List<Order> orders, boolean hasMore, long totalCount) {
    }

    /** The customer's order, or null: another customer's order is indistinguishable from none (contract §3). */
    public Uni<Order> findOwned(String customerId, String orderId) {
        return find("orderId = ?1 and customerId = ?2", orderId, customerId).firstResult();
    }

    /** The orders {@code orderIds} of any customer that exist, unlocked, in no particular order. */
    public Uni<List<Order>> findByIds(Collection<String> orderIds) {
        return list("orderId in ?1", orderIds);
    }

    /**
     * Up to {@code limit} of the customer's orders that one online payment could take alone:
     * {@code pending_payment}, not in a combined purchase, no contract overlap, deadline after
     * {@code now} (UTC); by order ID. For the dev-mode demo's open checkouts.
     */
    public Uni<List<Order>> payableAlone(String customerId, Instant now, int limit) {
        return find("customerId = ?1 and status = ?2 and combinedPurchaseId is null and contractOverlap = false "
                + "and expiresAt > ?3 order by orderId", customerId, OrderStatus.PENDING_PAYMENT, now)
                .range(0, limit - 1).list();
    }

    /** The customer's orders among {@code orderIds}, unlocked, in no particular order (another customer's are left out). */
    public Uni<List<Order>> findOwnedIn(String customerId, Collection<String> orderIds) {
        return list("customerId = ?1 and orderId in ?2", customerId, orderIds);
    }

    /**
     * The customer of order {@code orderId}, or null when there is none, read as a bare value (no entity
     * enters the session), so that a locking query that follows is the first to load the order and sees
     * its committed state.
     */
    public Uni<String> ownerOf(String orderId) {
        return getSession().chain(s -> s.createSelectionQuery("select o.customerId from CustomerOrder o where o.orderId = :id",
                String.class).setParameter("id", orderId).getSingleResultOrNull());
    }

    /** Persists new orders and their line items ({@link Order#lineItems}, given flat in {@code lines}); written at the caller's flush. */
    public Uni<Void> insert(List<Order> orders, List<LineItem> lines) {
        return persist(orders).flatMap(v -> LineItem.persist(lines));
    }

    /**
     * The customer's orders among {@code orderIds} together with every other order of their combined
     * purchases, by order_id; {@code ?1} customer_id, {@code ?2} the order IDs as one {@code varchar[]}.
     * The set is scoped to the customer twice (another customer's order and its purchase never match).
     * Native SQL with the IDs bound as one array ({@code = any(?2)}): one text for any number of IDs,
     * never translated by Hibernate (issue #13: no per-request SQL translation; HQL binding a collection,
     * {@code in :ids}, is translated to SQL again on every call).
     */
    static final String WITH_COMBINED_PURCHASES = "select o.* from customer_order o where o.customer_id = ?1"
            + " and (o.order_id = any(?2) or o.combined_purchase_id in (select o2.combined_purchase_id from customer_order o2"
            + " where o2.order_id = any(?2) and o2.customer_id = ?1 and o2.combined_purchase_id is not null))"
            + " order by o.order_id";

    /** The orders {@code ?1} (one {@code varchar[]}, any customer), by order_id; native for the reason of {@link #WITH_COMBINED_PURCHASES}. */
    static final String BY_IDS = "select o.* from customer_order o where o.order_id = any(?1) order by o.order_id";

    /** The line items of the orders {@code ?1} (one {@code varchar[]}), by order_id, then line_no. */
    static final String LINE_ITEMS_OF = "select l.* from order_line_item l where l.order_id = any(?1) order by l.order_id, l.line_no";

    /**
     * Locks ({@code SELECT … FOR NO KEY UPDATE}, Hibernate's {@code PESSIMISTIC_WRITE}; one statement,
     * ordered by order_id so that concurrent payments cannot deadlock) the customer's orders among
     * {@code orderIds} together with every other order of their combined purchases
     * ({@link #WITH_COMBINED_PURCHASES}). Another customer's orders are left out (the caller answers 404).
     * The orders are managed by the caller's session, registered as {@code PESSIMISTIC_WRITE}, so its
     * flush writes their transitions.
     */
    public Uni<List<Order>> lockWithCombinedPurchases(String customerId, Collection<String> orderIds) {
        return orders(WITH_COMBINED_PURCHASES, true, customerId, ids(orderIds));
    }

    /** As {@link #lockWithCombinedPurchases} without the lock (quotes): same rows, same order. */
    public Uni<List<Order>> loadWithCombinedPurchases(String customerId, Collection<String> orderIds) {
        return orders(WITH_COMBINED_PURCHASES, false, customerId, ids(orderIds));
    }

    /**
     * The orders {@code orderIds} (any customer: the caller got them from its own payment's items), locked
     * in one statement ({@code FOR NO KEY UPDATE}), by order_id ({@link #BY_IDS}); managed by the caller's session.
     */
    public Uni<List<Order>> lockByIds(Collection<String> orderIds) {
        return orders(BY_IDS, true, (Object) ids(orderIds)); // one array parameter, not the varargs
    }

    /**
     * Runs one of the order statements above in the caller's session: the orders come back managed
     * (dirty-checked and written at its flush). With {@code locked} the query's lock mode is
     * {@code PESSIMISTIC_WRITE}: Hibernate appends the row lock to the statement ({@code for no key update} on
     * PostgreSQL: it blocks other locks and updates of the rows, not the foreign-key checks of inserts that
     * reference them) and registers the orders as locked, so it never asks for that lock again.
     */
    private Uni<List<Order>> orders(String sql, boolean locked, Object... args) {
        return getSession().chain(s -> {
            Mutiny.SelectionQuery<Order> q = s.createNativeQuery(sql, Order.class);
            for (int i = 0; i < args.length; i++) {
                q.setParameter(i + 1, args[i]);
            }
            if (locked) {
                q.setLockMode(LockMode.PESSIMISTIC_WRITE);
            }
            return q.getResultList();
        });
    }

    /** The IDs as the one array parameter the statements bind ({@code = any(?n)}). */
    private static String[] ids(Collection<String> orderIds) {
        return orderIds.toArray(String[]::new);
    }

    /**
     * Marks at most {@code limit} unpaid orders past their deadline {@code expired} (see
     * {@link #EXPIRE_DUE}); one statement, its own transaction. Returns how many it marked.
     */
    public Uni<Integer> expireDue(Instant now, int limit) {
        return sql.update(EXPIRE_DUE, Tuple.of(SqlStatements.utc(now), limit));
    }

    /**
     * Line items of {@code orders}, loaded in one statement ({@link #LINE_ITEMS_OF}, the IDs bound as one
     * array) and attached to each order ({@link Order#lineItems}, by line_no); returns {@code orders}.
     */
    public Uni<List<Order>> withLineItems(List<Order> orders) {
        if (orders.isEmpty()) {
            return Uni.createFrom().item(orders);
        }
        String[] ids = orders.stream().map(o -> o.orderId).toArray(String[]::new);
        return getSession().chain(s -> s.createNativeQuery(LINE_ITEMS_OF, LineItem.class).setParameter(1, ids).getResultList())
                .map(items -> {
                    Map<String, List<LineItem>> byOrder = items.stream()
                            .collect(Collectors.groupingBy(l -> l.orderId, LinkedHashMap::new, Collectors.toList()));
                    orders.forEach(o -> o.lineItems = byOrder.getOrDefault(o.orderId, List.of()));
                    return orders;
                });
    }

    /** The unpaid statuses as SQL literals, so that the partial keyset indexes of V1 always apply. */
    private static final String UNPAID_LITERALS = OrderStatus.UNPAID.stream().map(s -> "'" + s.wire() + "'").sorted()
            .collect(Collectors.joining(", "));

    /**
     * The search's condition without its optional filters: the customer {@code $1}, the unpaid statuses
     * {@code $2} (a {@code varchar[]}), not past the deadline {@code $3} (UTC) unless a checkout is open.
     */
    static final String OWN_UNPAID = "customer_id = $1 and status in (" + UNPAID_LITERALS + ") and status = any($2)"
            + " and (status = '" + OrderStatus.PAYMENT_IN_PROGRESS.wire() + "' or expires_at > $3)";

    /**
     * The search's total: the count of the rows matching {@code where}. Without the service-type and
     * order-type filters it reads only columns of {@code order_unpaid_by_created_incl} (migration V11),
     * so PostgreSQL can count from the index alone.
     */
    static String totalOf(CharSequence where) {
        return "select count(*) as total from customer_order where " + where;
    }

    /** Columns of a search row: the order's, then its line items as arrays in line_no order. */
    private static final String SEARCH_COLUMNS = "order_id, service_type, order_type, status, currency, amount, "
            + "created_at, expires_at, combined_purchase_id, contract_overlap";

    /**
     * One page of the caller's unpaid orders (contract §4.2) by keyset: rows after the
     * cursor in (sort key, order_id) order, so walking all pages sees every row that
     * existed for the whole walk exactly once. Past-deadline orders are left out even if
     * the expiry job has not run yet.
     *
     * <p>One prepared statement on the reactive client, one round trip (issue #13 item 2): the
     * count of all matches (without the cursor) as a one-row subquery, left-joined to the page
     * (so an empty page past the end still carries the total), and each row's line items as
     * arrays. Collections are bound as array parameters ({@code = any($n)}), so the SQL text
     * depends only on which filters are present. The orders come back as read-only
     * {@link Order#readOnly copies}, not managed by Hibernate (no session needed).
     */
    public Uni<Page> search(String customerId, OrderSearch q, Instant now) {
        StringBuilder where = new StringBuilder(OWN_UNPAID);
        Tuple args = Tuple.of(customerId, q.statuses().stream().map(OrderStatus::wire).toArray(String[]::new), SqlStatements.utc(now));
        if (q.orderIdPrefix() != null) {
            where.append(" and upper(order_id) like $").append(args.size() + 1).append(" escape '!'");
            args.addString(q.orderIdPrefix().replace("!", "!!").replace("_", "!_").replace("%", "!%") + "%");
        }
        if (!q.serviceTypes().isEmpty()) {
            where.append(" and service_type = any($").append(args.size() + 1).append(")");
            args.addArrayOfString(q.serviceTypes().toArray(String[]::new));
        }
        if (!q.orderTypes().isEmpty()) {
            where.append(" and order_type = any($").append(args.size() + 1).append(")");
            args.addArrayOfString(q.orderTypes().stream().map(OrderType::wire).toArray(String[]::new));
        }
        String column = "createdAt".equals(q.sort().field) ? "created_at" : "expires_at";
        String dir = q.sort().descending ? "desc" : "asc";
        StringBuilder pageWhere = new StringBuilder(where);
        if (q.after() != null) {
            int k = args.size() + 1;
            pageWhere.append(" and (").append(column).append(q.sort().descending ? " < $" : " > $").append(k)
                    .append(" or (").append(column).append(" = $").append(k).append(" and order_id > $").append(k + 1)
                    .append("))");
            args.addOffsetDateTime(SqlStatements.utc(q.after().key())).addString(q.after().orderId());
        }
        String order = " order by " + column + " " + dir + ", order_id";
        String sql = "select t.total, p.*, l.product_ids, l.descriptions, l.quantities, l.unit_prices, l.amounts, l.regions, l.line_nos"
                + " from (" + totalOf(where) + ") t"
                + " left join (select " + SEARCH_COLUMNS + " from customer_order where " + pageWhere + order
                + " limit $" + (args.size() + 1) + ") p on true"
                + " left join lateral (select array_agg(product_id order by line_no) as product_ids,"
                + " array_agg(description order by line_no) as descriptions,"
                + " array_agg(quantity order by line_no) as quantities,"
                + " array_agg(unit_price order by line_no) as unit_prices,"
                + " array_agg(amount order by line_no) as amounts,"
                + " array_agg(region order by line_no) as regions,"
                + " array_agg(line_no order by line_no) as line_nos"
                + " from order_line_item li where li.order_id = p.order_id) l on true"
                + order.replace(" by ", " by p.").replace(", order_id", ", p.order_id");
        args.addInteger(q.limit() + 1);
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            long total = 0;
            List<Order> list = new ArrayList<>(q.limit() + 1);
            for (Row r : rows) {
                total = r.getLong("total");
                String orderId = r.getString("order_id");
                if (orderId == null) {
                    continue; // the page is empty: the one row carries only the total
                }
                Order o = Order.readOnly(orderId, customerId, r.getString("service_type"),
                        WireEnum.parse(OrderType.class, r.getString("order_type")).orElseThrow(),
                        WireEnum.parse(OrderStatus.class, r.getString("status")).orElseThrow(),
                        r.getString("currency"), r.getLong("amount"), r.getOffsetDateTime("created_at").toInstant(),
                        r.getOffsetDateTime("expires_at").toInstant(), r.getString("combined_purchase_id"),
                        r.getBoolean("contract_overlap"), lineItems(orderId, r));
                list.add(o);
            }
            boolean more = list.size() > q.limit();
            return new Page(more ? List.copyOf(list.subList(0, q.limit())) : list, more, total);
        });
    }

    private static List<LineItem> lineItems(String orderId, Row r) {
        String[] products = r.getArrayOfStrings("product_ids");
        if (products == null) {
            return List.of();
        }
        String[] descriptions = r.getArrayOfStrings("descriptions");
        Integer[] quantities = r.getArrayOfIntegers("quantities");
        Long[] unitPrices = r.getArrayOfLongs("unit_prices");
        Long[] amounts = r.getArrayOfLongs("amounts");
        String[] regions = r.getArrayOfStrings("regions");
        Integer[] lineNos = r.getArrayOfIntegers("line_nos");
        List<LineItem> items = new ArrayList<>(products.length);
        for (int i = 0; i < products.length; i++) {
            LineItem l = new LineItem();
            l.orderId = orderId;
            l.lineNo = lineNos[i];
            l.productId = products[i];
            l.description = descriptions[i];
            l.quantity = quantities[i];
            l.unitPrice = unitPrices[i];
            l.amount = amounts[i];
            l.region = regions[i];
            items.add(l);
        }
        return items;
    }
}
