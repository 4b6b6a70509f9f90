package dev.orderpay.order;

import dev.orderpay.platform.ApiException;
import dev.orderpay.platform.AppClock;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code GET /v1/orders/unpaid/export}: the caller's unpaid orders as CSV (issue #14, item 10),
 * for the Unpaid Orders page's Export buttons. Either every order matching the search filters
 * of contract §4.2 ({@code order_id}, {@code service_type}, {@code order_type}, {@code status},
 * {@code sort}; no {@code limit}/{@code page_token}: all matches), or exactly the orders named
 * by {@code selected} (repeatable, at most {@value #MAX_SELECTED}, in any status, sorted by
 * {@code sort}; not combinable with the filters). Same ownership rule as everywhere: an order ID
 * that is not the caller's is 404 ORDER_NOT_FOUND. At most {@value #MAX_ROWS} rows: more matches
 * are 422 EXPORT_TOO_LARGE (with {@code max_rows}); narrow the filters.
 *
 * <p>CSV: RFC 4180, UTF-8, header row, one row per order; money as the API's decimal strings
 * with the currency's minor digits, times RFC 3339 UTC.
 */
@ApplicationScoped
public class OrderExport {

    /** Most rows one export returns. */
    public static final int MAX_ROWS = 10_000;
    /** Most order IDs in {@code selected}. */
    public static final int MAX_SELECTED = 100;
    /** Rows read per keyset page while exporting. */
    static final int BATCH = 1_000;

    static final String[] HEADER = {"order_id", "service_type", "service_type_name", "order_type", "status", "currency",
            "amount", "created_at", "expires_at", "combined_purchase_id", "contract_overlap", "line_items"};

    private final OrderRepository orders;
    private final ServiceTypeCatalogue catalogue;
    private final AppClock clock;

    public OrderExport(OrderRepository orders, ServiceTypeCatalogue catalogue, AppClock clock) {
        this.orders = orders;
        this.catalogue = catalogue;
        this.clock = clock;
    }

    /**
     * A validated export (built by {@link OrderQueryParser#export}): every match of {@code search}
     * (its {@code limit} and cursor are not used), or, when {@code selected} is not empty, exactly those
     * order IDs sorted by {@code search.sort()}.
     */
    public record Query(OrderSearch search, Set<String> selected) {
    }

    /**
     * The rows of an export, in the search's sort order.
     *
     * @throws ApiException 404 ORDER_NOT_FOUND (a selected ID that is not the caller's), 422 EXPORT_TOO_LARGE
     */
    public Uni<List<OrderView>> rows(String customerId, Query query) {
        OrderSearch q = query.search();
        return catalogue.names().flatMap(names -> {
            Instant now = clock.now();
            if (!query.selected().isEmpty()) {
                return Panache.withSession(() -> selected(customerId, query.selected(), q.sort(), now))
                        .map(list -> list.stream().map(o -> OrderView.of(o, names.get(o.serviceType), now)).toList());
            }
            return walk(customerId, q, null, now, new ArrayList<>())
                    .map(list -> list.stream().map(o -> OrderView.of(o, names.get(o.serviceType), now)).toList());
        });
    }

    private Uni<List<Order>> selected(String customerId, Set<String> ids, OrderSearch.Sort sort, Instant now) {
        return orders.findOwnedIn(customerId, ids).flatMap(found -> {
            Set<String> foundIds = new HashSet<>();
            found.forEach(o -> foundIds.add(o.orderId));
            for (String id : ids) {
                if (!foundIds.contains(id)) {
                    return Uni.createFrom().failure(OrderService.orderNotFound(id));
                }
            }
            Comparator<Order> byKey = Comparator.comparing(sort::keyOf);
            if (sort.descending) {
                byKey = byKey.reversed();
            }
            List<Order> sorted = new ArrayList<>(found);
            sorted.sort(byKey.thenComparing(o -> o.orderId));
            return orders.withLineItems(sorted);
        });
    }

    /** Keyset pages of {@link #BATCH} rows until the end; the first page's total decides EXPORT_TOO_LARGE. */
    private Uni<List<Order>> walk(String customerId, OrderSearch q, OrderSearch.Cursor after, Instant now, List<Order> acc) {
        OrderSearch page = new OrderSearch(q.orderIdPrefix(), q.serviceTypes(), q.orderTypes(), q.statuses(), q.sort(),
                BATCH, after);
        return orders.search(customerId, page, now).flatMap(p -> {
            if (after == null && p.totalCount() > MAX_ROWS) {
                return Uni.createFrom().failure(ApiException.unprocessable("EXPORT_TOO_LARGE",
                                p.totalCount() + " orders match; an export holds at most " + MAX_ROWS
                                        + " rows: narrow the filters")
                        .with("max_rows", MAX_ROWS));
            }
            acc.addAll(p.orders());
            if (!p.hasMore() || acc.size() >= MAX_ROWS) {
                return Uni.createFrom().item(acc.size() > MAX_ROWS ? acc.subList(0, MAX_ROWS) : acc);
            }
            Order last = p.orders().get(p.orders().size() - 1);
            return walk(customerId, q, new OrderSearch.Cursor(q.sort(), q.sort().keyOf(last), last.orderId), now, acc);
        });
    }

    /** The CSV text of {@code rows}: header, one record per order (line items as "qty x description" joined by "; "). */
    public static String csv(List<OrderView> rows) {
        StringWriter out = new StringWriter();
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader(HEADER).get();
        try (CSVPrinter printer = new CSVPrinter(out, format)) {
            for (OrderView o : rows) {
                StringBuilder lines = new StringBuilder();
                for (OrderView.LineItemView l : o.lineItems()) {
                    if (!lines.isEmpty()) {
                        lines.append("; ");
                    }
                    lines.append(l.quantity()).append(" x ").append(l.description());
                }
                printer.printRecord(o.orderId(), o.serviceType(), o.serviceTypeName(), o.orderType().wire(),
                        o.status().wire(), o.currency(), o.amount(), o.createdAt(), o.expiresAt(),
                        o.combinedPurchaseId(), o.contractOverlap(), lines);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
